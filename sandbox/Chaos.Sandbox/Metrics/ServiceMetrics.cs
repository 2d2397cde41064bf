using System.Collections.Concurrent;
using Chaos.Sandbox.Provisioning;

namespace Chaos.Sandbox.Metrics;

/// <summary>
/// Records, as it happens, what AWS's services would count — each derived from what really happened in moto:
/// <list type="bullet">
/// <item>AWS/SQS (QueueName): <c>NumberOfMessagesSent</c> when a message is sent (the JSON queue: when the publisher's
/// <c>input/*.json</c> object is created, S3 notifying the queue before the PUT returns; the CSV queue: when the function
/// writes its <c>output/*.csv</c>, S3 → SNS → SQS); <c>NumberOfMessagesReceived</c>/<c>Deleted</c> from the consumers' own
/// calls. Messages moved to the DLQ by redrive are not counted as sent to it, as AWS documents.</item>
/// <item>AWS/Lambda (FunctionName): Invocations, Errors (timeouts included), Duration (AWS-equivalent ms), Throttles,
/// ConcurrentExecutions, from the function host.</item>
/// <item>AWS/SNS (TopicName): the topic's only publisher is S3 and its only subscriber the CSV queue, so each CSV written is
/// one message published and one notification delivered; none fails.</item>
/// </list>
/// Values go into one-minute buckets (<see cref="MetricAggregator"/>); <see cref="ServiceMetricsPublisher"/> publishes them late.
/// </summary>
internal sealed class ServiceMetrics(MetricAggregator aggregator, StackNames names, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTime> lastActivity = new(StringComparer.Ordinal);
    private long jsonSent;
    private long csvSent;

    public long JsonSent => Interlocked.Read(ref jsonSent);

    public long CsvSent => Interlocked.Read(ref csvSent);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>An <c>input/*.json</c> object was created: S3 sent one message to the JSON queue.</summary>
    public void ObjectPublished()
    {
        Interlocked.Increment(ref jsonSent);
        Queue(names.JsonQueue, "NumberOfMessagesSent", 1);
    }

    /// <summary>The function wrote an <c>output/*.csv</c>: S3 published to the topic, which delivered to the CSV queue.</summary>
    public void CsvWritten()
    {
        Interlocked.Increment(ref csvSent);
        Queue(names.CsvQueue, "NumberOfMessagesSent", 1);
        var at = Now;
        aggregator.Record(Topic("NumberOfMessagesPublished"), MinuteAggregation.Sum, at, 1);
        aggregator.Record(Topic("NumberOfNotificationsDelivered"), MinuteAggregation.Sum, at, 1);
        aggregator.Record(Topic("NumberOfNotificationsFailed"), MinuteAggregation.Sum, at, 0);
    }

    public void Received(string queue, int count) => Queue(queue, "NumberOfMessagesReceived", count);

    public void Deleted(string queue, int count) => Queue(queue, "NumberOfMessagesDeleted", count);

    /// <summary>One invocation of the function ended, after <paramref name="awsMilliseconds"/> (AWS time), in error or not.</summary>
    public void Invoked(double awsMilliseconds, bool error)
    {
        var at = Now;
        aggregator.Record(Function("Invocations", "Count"), MinuteAggregation.Sum, at, 1);
        aggregator.Record(Function("Errors", "Count"), MinuteAggregation.Sum, at, error ? 1 : 0);
        aggregator.Record(Function("Duration", "Milliseconds"), MinuteAggregation.Distribution, at, awsMilliseconds);
    }

    public void Throttled() => aggregator.Record(Function("Throttles", "Count"), MinuteAggregation.Sum, Now, 1);

    public void Concurrency(int executing) => aggregator.Record(Function("ConcurrentExecutions", "Count"), MinuteAggregation.Maximum, Now, executing);

    /// <summary>A gauge of <paramref name="queue"/> sampled at <paramref name="at"/> (the end of a minute).</summary>
    public void Level(string queue, string metric, DateTime at, double value)
    {
        aggregator.Record(new MetricKey("AWS/SQS", metric, "QueueName", queue, "Count"), MinuteAggregation.Gauge, at, value);
        if (value > 0)
        {
            lastActivity[queue] = at;
        }
    }

    /// <summary>
    /// Whether CloudWatch still collects <paramref name="queue"/>'s metrics: AWS considers a queue active "for up to six hours
    /// if it contains any messages, or if any action accesses it" (Amazon SQS Developer Guide, "Available CloudWatch
    /// metrics for Amazon SQS"); six hours of AWS time, divided by the time scale.
    /// </summary>
    public bool IsActive(string queue, DateTime at, TimeSpan sixAwsHours) =>
        lastActivity.TryGetValue(queue, out var last) && at - last <= sixAwsHours;

    /// <summary>Counts an action on <paramref name="queue"/> (creating it counts): it keeps the queue active.</summary>
    public void Accessed(string queue) => lastActivity[queue] = Now;

    /// <summary>An active queue publishes its counts every minute, zeros included.</summary>
    public void TouchQueue(string queue, DateTime at)
    {
        foreach (var metric in new[] { "NumberOfMessagesSent", "NumberOfMessagesReceived", "NumberOfMessagesDeleted" })
        {
            aggregator.Touch(new MetricKey("AWS/SQS", metric, "QueueName", queue, "Count"), at);
        }
    }

    private void Queue(string queue, string metric, int count)
    {
        var at = Now;
        lastActivity[queue] = at;
        aggregator.Record(new MetricKey("AWS/SQS", metric, "QueueName", queue, "Count"), MinuteAggregation.Sum, at, count);
    }

    private MetricKey Function(string metric, string unit) => new("AWS/Lambda", metric, "FunctionName", names.Function, unit);

    private MetricKey Topic(string metric) => new("AWS/SNS", metric, "TopicName", names.Topic, "Count");
}
