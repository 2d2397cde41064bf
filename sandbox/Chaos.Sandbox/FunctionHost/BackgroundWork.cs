using System.Collections.Concurrent;

namespace Chaos.Sandbox.FunctionHost;

/// <summary>
/// Work a function started and did not await (the workshop's un-awaited DynamoDB writes). Its failures are counted,
/// never reported as the function's; at shutdown it is awaited briefly so nothing runs on after the host.
/// </summary>
internal sealed class BackgroundWork
{
    private readonly ConcurrentDictionary<Task, byte> pending = new();
    private long failed;
    private long succeeded;

    public long Failed => Interlocked.Read(ref failed);

    public long Succeeded => Interlocked.Read(ref succeeded);

    public int Pending => pending.Count;

    /// <summary>The most recent failure, for the status line.</summary>
    public string? LastError { get; private set; }

    public void Track(Task work)
    {
        ArgumentNullException.ThrowIfNull(work);
        pending[work] = 0;
        _ = work.ContinueWith(
            t =>
            {
                pending.TryRemove(t, out _);
                if (t.Exception is { } error)
                {
                    LastError = error.GetBaseException().Message;
                }

                Interlocked.Increment(ref t.IsCompletedSuccessfully ? ref succeeded : ref failed);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public async Task DrainAsync(TimeSpan limit)
    {
        var all = Task.WhenAll(pending.Keys);
        await Task.WhenAny(all, Task.Delay(limit));
    }
}
