using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS.Model;
using Chaos.Aws.Lambda;
using Chaos.Sandbox.FunctionHost;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// Runs one invocation as 1.0.0's layer proxy does around the runtime (layer/proxy/src/proxy.rs): first the clean-up
/// of the previous invocation (diskspace files, denylist), then the proxy's plan — latency and timeout sleep, diskspace
/// fills /tmp, denylist fails DNS lookups, statuscode answers and exception fails the invocation without the handler —
/// then the handler, then corruption, then the denylist lifted. Durations are AWS time, scaled.
/// </summary>
internal sealed class LayerWrapper(FailureLambdaLayer layer, TimeScale scale, TimeProvider time)
{
    private static int diskspaceFiles;

    /// <summary>The proxy of <paramref name="environment"/>: its cache, the function's variables, SSM through the environment's client.</summary>
    public LayerContext ContextFor(ExecutionEnvironment environment, LambdaFunctionConfiguration function)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(function);
        return new LayerContext(
            function.Environment,
            environment.FailureLambdaCache,
            async (name, cancellationToken) => (await environment.Ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken)).Parameter?.Value,
            line => environment.Log.Raw(line.Render(time.GetUtcNow())));
    }

    /// <summary>The proxy starting with the runtime (a cold start, or the restart after a timeout).</summary>
    public Task StartAsync(LayerContext context, CancellationToken cancellationToken) => layer.StartAsync(context, cancellationToken);

    /// <summary>One invocation of the function for an SQS message, as the host runs it.</summary>
    public Task RunAsync(
        ExecutionEnvironment environment, LambdaFunctionConfiguration function, Message message, string queueArn, string region, DateTimeOffset deadline, Func<CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        RunAsync(ContextFor(environment, function), environment, SqsEvent.Render(message, queueArn, region), deadline, handler, cancellationToken);

    public async Task RunAsync(
        LayerContext context, ExecutionEnvironment environment, string eventJson, DateTimeOffset deadline, Func<CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(handler);
        if (environment.ClearDiskSpaceFiles() is > 0 and var removed)
        {
            context.Log(LayerLogLine.Info(("mode", "diskspace"), ("action", "clear"), ("files_removed", removed)));
        }

        environment.Denylist.BlockLookups([]);
        using var document = JsonDocument.Parse(eventJson);
        var plan = await layer.NextAsync(context, document.RootElement, cancellationToken);
        try
        {
            foreach (var fired in plan.PreHandler)
            {
                await ApplyAsync(fired, context, environment, deadline, cancellationToken);
            }

            if (plan.Terminating is null)
            {
                await handler(cancellationToken);
                foreach (var corruption in layer.Corruptions(plan, document.RootElement))
                {
                    Corrupt(corruption.Flag, context);
                }
            }
        }
        finally
        {
            // Lifted once the invocation has answered (or was answered for), as the proxy removes its denylist file.
            environment.Denylist.BlockLookups([]);
        }
    }

    private async Task ApplyAsync(FiredFailure fired, LayerContext context, ExecutionEnvironment environment, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var flag = fired.Flag;
        switch (fired.Mode)
        {
            case "latency":
                context.Log(LayerLogLine.Info(("mode", "latency"), ("action", "inject"), ("latency_ms", (ulong)fired.Latency!.Value.TotalMilliseconds), ("min_latency", Math.Max(flag.MinLatency ?? 0, 0)), ("max_latency", Math.Max(flag.MaxLatency ?? 0, 0))));
                await Task.Delay(scale.Scale(fired.Latency.Value), time, cancellationToken);
                break;
            case "timeout":
                // Until the deadline less the buffer: the handler then starts and Lambda ends it at the deadline.
                var buffer = (ulong)Math.Max(flag.TimeoutBufferMs ?? 0, 0);
                var remaining = (ulong)Math.Max(scale.ToAws(deadline - time.GetUtcNow()).TotalMilliseconds, 0);
                var sleep = remaining > buffer ? remaining - buffer : 0;
                var deadlineMs = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds() + remaining;
                context.Log(LayerLogLine.Info(("mode", "timeout"), ("action", "inject"), ("sleep_ms", sleep), ("buffer_ms", buffer), ("deadline_ms", deadlineMs)));
                await Task.Delay(scale.Scale(TimeSpan.FromMilliseconds(sleep)), time, cancellationToken);
                break;
            case "diskspace":
                // 1 MiB chunks until the count or a full /tmp, which is logged (failures.rs inject_diskspace).
                var megabytes = flag.DiskSpace ?? 100;
                context.Log(LayerLogLine.Info(("mode", "diskspace"), ("action", "inject"), ("disk_space_mb", megabytes)));
                var name = string.Create(CultureInfo.InvariantCulture, $"diskspace-failure-{time.GetUtcNow().ToUnixTimeMilliseconds()}-{Interlocked.Increment(ref diskspaceFiles):x8}.tmp");
                if (environment.FillTmp(megabytes * 1024L * 1024, name) < megabytes * 1024L * 1024)
                {
                    context.Log(LayerLogLine.Error(("mode", "diskspace"), ("action", "error"), ("message", "No space left on device (os error 28)")));
                }

                break;
            case "denylist" when flag.DenyList is { } patterns:
                // The DNS interceptor compiles each line as a POSIX extended expression and skips what does not compile.
                environment.Denylist.BlockLookups([.. patterns.Select(Compile).OfType<Regex>()]);
                context.Log(LayerLogLine.Info(("mode", "denylist"), ("action", "inject"), ("pattern_count", patterns.Count)));
                break;
            case "statuscode":
                context.Log(LayerLogLine.Info(("mode", "statuscode"), ("action", "inject"), ("status_code", flag.StatusCode ?? 500)));
                break;
            case "exception":
                var message = flag.ExceptionMsg ?? "Injected exception";
                context.Log(LayerLogLine.Info(("mode", "exception"), ("action", "inject"), ("exception_msg", message)));
                throw new ProxyPostedErrorException(message);
        }
    }

    // failures.rs corrupt_response on the ETL handler's response: it returns nothing, which Node's runtime client posts as
    // "null", valid JSON without a body field. A replacement wraps it in {body}, a mangle leaves it as it is, each with
    // its warning (the Rust string literal's "{{ body }}" is not a format string, so it is logged with both braces).
    // The SQS event source ignores the response either way.
    private static void Corrupt(FlagValue flag, LayerContext context)
    {
        context.Log(LayerLogLine.Info(("mode", "corruption"), ("action", "inject"), ("method", flag.Body is null ? "mangle" : "replace")));
        context.Log(LayerLogLine.Warn(("mode", "corruption"), ("message", flag.Body is null
            ? "response has no string body field to mangle; returning unchanged"
            : "response has no body field; wrapping in {{ body }}")));
    }

    private static Regex? Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
