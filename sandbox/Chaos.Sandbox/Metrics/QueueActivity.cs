using System.Collections.Concurrent;

namespace Chaos.Sandbox.Metrics;

/// <summary>Messages the sandbox's own consumers received and deleted, per queue URL, since the last publication.</summary>
public sealed class QueueActivity
{
    private readonly ConcurrentDictionary<string, long> received = new();
    private readonly ConcurrentDictionary<string, long> deleted = new();

    public void Received(string queueUrl, int count) => received.AddOrUpdate(queueUrl, count, (_, n) => n + count);

    public void Deleted(string queueUrl, int count) => deleted.AddOrUpdate(queueUrl, count, (_, n) => n + count);

    public (long Received, long Deleted) Take(string queueUrl)
    {
        received.TryRemove(queueUrl, out var r);
        deleted.TryRemove(queueUrl, out var d);
        return (r, d);
    }
}
