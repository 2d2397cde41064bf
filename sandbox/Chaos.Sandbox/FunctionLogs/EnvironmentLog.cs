using System.Globalization;
using Chaos.Aws.Logs.Model;

namespace Chaos.Sandbox.FunctionLogs;

/// <summary>
/// The log stream of one execution environment (<c>YYYY/MM/DD/[$LATEST]&lt;32 hex&gt;</c>), written as the Node.js
/// runtime writes it: <c>INIT_START</c> on a cold start, <c>START</c>/<c>END</c>/<c>REPORT</c> around each invocation,
/// <c>console.log</c> lines as <c>&lt;time&gt;\t&lt;request id&gt;\tINFO\t&lt;text&gt;</c>, a timeout as
/// <c>Task timed out after N.NN seconds</c>. Events are buffered and sent in batches by <see cref="FunctionLogGroup"/>.
/// </summary>
internal sealed class EnvironmentLog(string streamName, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<InputLogEvent> buffer = [];

    public string StreamName => streamName;

    public DateTime LastEvent { get; private set; }

    public bool Created { get; set; }

    /// <summary>The request being served, for lines written outside the handler (failure-lambda's denylist interceptions).</summary>
    public string? CurrentRequest { get; set; }

    public void InitStart() => Write("INIT_START Runtime Version: nodejs:18.v41\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0f4e6b0d8fd0b06b8a4a3c2e5c1d0f2e8e4b7a9c1d2e3f4a5b6c7d8e9f0a1b2c");

    public void Start(string requestId) => Write($"START RequestId: {requestId} Version: $LATEST");

    public void Info(string requestId, string text) => Write($"{Stamp()}\t{requestId}\tINFO\t{text}");

    public void Error(string requestId, string text) => Write($"{Stamp()}\t{requestId}\tERROR\t{text}");

    public void InvokeError(string requestId, string errorType, string message) =>
        Error(requestId, $"Invoke Error \t{{\"errorType\":\"{Escape(errorType)}\",\"errorMessage\":\"{Escape(message)}\",\"stack\":[\"{Escape(errorType)}: {Escape(message)}\"]}}");

    public void TimedOut(string requestId, double timeoutSeconds) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"{Stamp()} {requestId} Task timed out after {timeoutSeconds:0.00} seconds"));

    public void End(string requestId) => Write($"END RequestId: {requestId}");

    /// <summary>A line another process of the environment writes to stdout, kept as is (failure-lambda 1.x's layer proxy).</summary>
    public void Raw(string line) => Write(line);

    /// <param name="awsMilliseconds">The invocation's duration in AWS time.</param>
    /// <param name="initMilliseconds">The cold start's init duration, on the first invocation of an environment.</param>
    public void Report(string requestId, double awsMilliseconds, double? initMilliseconds, bool timedOut)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"REPORT RequestId: {requestId}\tDuration: {awsMilliseconds:0.00} ms\tBilled Duration: {Math.Ceiling(awsMilliseconds):0} ms\tMemory Size: 128 MB\tMax Memory Used: {71 + (int)(awsMilliseconds % 9)} MB\t");
        if (initMilliseconds is { } init)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"Init Duration: {init:0.00} ms\t");
        }

        Write(timedOut ? line + "Status: timeout" : line);
    }

    /// <summary>Everything written since the last call, in order.</summary>
    public List<InputLogEvent> Take()
    {
        lock (gate)
        {
            var events = buffer.ToList();
            buffer.Clear();
            return events;
        }
    }

    private void Write(string message)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            buffer.Add(new InputLogEvent(now.ToUnixTimeMilliseconds(), message));
            LastEvent = now.UtcDateTime;
        }
    }

    private string Stamp() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
