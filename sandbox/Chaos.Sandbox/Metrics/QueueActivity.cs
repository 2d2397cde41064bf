using System.Collections.Concurrent;

namespace Chaos.Sandbox.Metrics;

/// <summary>
/// What the sandbox's consumers saw of each queue since the last publication: messages received and deleted (their own
/// API calls), and the moment each message was sent — moto's <c>SentTimestamp</c> of every message on its first receive.
/// </summary>
internal sealed class QueueActivity
{
    private readonly ConcurrentDictionary<string, long> received = new();
    private readonly ConcurrentDictionary<string, long> deleted = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTime>> sent = new();

    public void Received(string queueUrl, int count) => received.AddOrUpdate(queueUrl, count, (_, n) => n + count);

    public void Deleted(string queueUrl, int count) => deleted.AddOrUpdate(queueUrl, count, (_, n) => n + count);

    /// <summary>Records a message's send time; call it on the message's first receive (ApproximateReceiveCount 1).</summary>
    public void Sent(string queueUrl, DateTime sentAt) => sent.GetOrAdd(queueUrl, _ => new ConcurrentQueue<DateTime>()).Enqueue(sentAt);

    /// <summary>Reads moto's SentTimestamp (epoch ms) and ApproximateReceiveCount of a received message.</summary>
    public void Observe(string queueUrl, Amazon.SQS.Model.Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attributes = message.Attributes ?? [];
        if (attributes.TryGetValue("ApproximateReceiveCount", out var count) && count == "1"
            && attributes.TryGetValue("SentTimestamp", out var stamp) && long.TryParse(stamp, System.Globalization.CultureInfo.InvariantCulture, out var ms))
        {
            Sent(queueUrl, DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);
        }
    }

    public (long Received, long Deleted) Take(string queueUrl)
    {
        received.TryRemove(queueUrl, out var r);
        deleted.TryRemove(queueUrl, out var d);
        return (r, d);
    }

    public List<DateTime> TakeSent(string queueUrl)
    {
        var times = new List<DateTime>();
        if (sent.TryGetValue(queueUrl, out var queue))
        {
            while (queue.TryDequeue(out var time))
            {
                times.Add(time);
            }
        }

        return times;
    }
}
