using System.Collections.Concurrent;
using System.Security.Cryptography;
using Chaos.Aws.Logs;
using Chaos.Aws.Logs.Model;

namespace Chaos.Sandbox.FunctionLogs;

/// <summary>
/// The function's log group, <c>/aws/lambda/&lt;function&gt;</c>, in moto's CloudWatch Logs: one stream per execution
/// environment, events sent in batches, and streams of recycled environments deleted after the retention (see <see cref="LogOptions"/>).
/// </summary>
internal sealed class FunctionLogGroup(IAmazonCloudWatchLogs logs, string function, LogOptions options, TimeScale scale, TimeProvider time, TextWriter output)
{
    private readonly ConcurrentDictionary<string, EnvironmentLog> live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EnvironmentLog> retired = new(StringComparer.Ordinal);

    public string Name { get; } = $"/aws/lambda/{function}";

    public long Sent { get; private set; }

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await logs.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = Name }, cancellationToken);
        }
        catch (AmazonCloudWatchLogsException e) when (e.AlreadyExists)
        {
            // a group of that name is there already: write into it
        }

        await logs.PutRetentionPolicyAsync(new PutRetentionPolicyRequest { LogGroupName = Name, RetentionInDays = 1 }, cancellationToken);
    }

    /// <summary>A new stream, for a new execution environment.</summary>
    public EnvironmentLog Open()
    {
        var stream = $"{time.GetUtcNow().UtcDateTime:yyyy/MM/dd}/[$LATEST]{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        var log = new EnvironmentLog(stream, time);
        live[stream] = log;
        return log;
    }

    /// <summary>The environment is gone: its stream is written one last time, then kept until the retention.</summary>
    public void Retire(EnvironmentLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (live.TryRemove(log.StreamName, out _))
        {
            retired[log.StreamName] = log;
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.FlushEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var log in live.Values.Concat(retired.Values))
        {
            var events = log.Take();
            if (events.Count == 0)
            {
                continue;
            }

            try
            {
                if (!log.Created)
                {
                    await logs.CreateLogStreamAsync(new CreateLogStreamRequest { LogGroupName = Name, LogStreamName = log.StreamName }, cancellationToken);
                    log.Created = true;
                }

                await logs.PutLogEventsAsync(new PutLogEventsRequest { LogGroupName = Name, LogStreamName = log.StreamName, LogEvents = events }, cancellationToken);
                Sent += events.Count;
            }
            catch (Exception e) when (e is AmazonCloudWatchLogsException or HttpRequestException)
            {
                await output.WriteLineAsync($"function logs: {events.Count} events of {log.StreamName} lost: {e.Message}");
            }
        }

        var expired = time.GetUtcNow().UtcDateTime - scale.Scale(options.Retention);
        foreach (var old in retired.Values.Where(l => l.LastEvent < expired).ToList())
        {
            retired.TryRemove(old.StreamName, out _);
            if (old.Created)
            {
                await logs.DeleteLogStreamAsync(new DeleteLogStreamRequest { LogGroupName = Name, LogStreamName = old.StreamName }, cancellationToken);
            }
        }
    }
}
