using Amazon.SQS;
using Amazon.SQS.Model;
using Chaos.Aws.CloudWatch;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Sandbox.Provisioning;

namespace Chaos.Sandbox.Metrics;

/// <summary>
/// Publishes the service metrics into moto's CloudWatch the way AWS does: one datapoint per metric and minute, made
/// visible only once the minute is over and its namespace's publication delay (with jitter, from a seeded random source)
/// has passed. At each minute's end it samples the queues' <c>Approximate…</c> gauges (GetQueueAttributes) and gives
/// every active queue its zeros; a queue idle for six AWS hours stops reporting, as on AWS.
/// </summary>
internal sealed class ServiceMetricsPublisher(
    IAmazonSQS sqs, IAmazonCloudWatch cloudWatch, ProvisionedStack stack, ServiceMetrics metrics, MetricAggregator aggregator,
    PublicationDelays delays, TimeScale scale, Func<double> random, TimeProvider time)
{
    private readonly List<(DateTime Due, string Namespace, MetricDatum Datum)> pending = [];
    private DateTime sampledMinute;

    public long Published { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in Queues)
        {
            metrics.Accessed(queue.Name);
        }

        using var timer = new PeriodicTimer(aggregator.Minute.Length / 6, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await TickAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var current = aggregator.Minute.StartOf(now);
        if (sampledMinute != current)
        {
            // The minute that just ended gets its gauges (sampled now, at its end) and its zeros.
            var ended = current - aggregator.Minute.Length;
            sampledMinute = current;
            await SampleAsync(ended, cancellationToken);
        }

        foreach (var (minute, ns, datum) in aggregator.TakeClosed(now))
        {
            var delay = delays.For(ns);
            var jitter = delay.Jitter * ((2 * random()) - 1);
            var due = minute + aggregator.Minute.Length + scale.Scale(delay.Delay + jitter < TimeSpan.Zero ? TimeSpan.Zero : delay.Delay + jitter);
            pending.Add((due, ns, datum));
        }

        var ready = pending.Where(p => p.Due <= now).ToList();
        foreach (var group in ready.GroupBy(p => p.Namespace))
        {
            foreach (var chunk in group.Chunk(500))
            {
                await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest { Namespace = group.Key, MetricData = [.. chunk.Select(c => c.Datum)] }, cancellationToken);
                Published += chunk.Length;
            }
        }

        pending.RemoveAll(ready.Contains);
    }

    private IEnumerable<(string Name, string Url)> Queues =>
        [(stack.Names.JsonQueue, stack.JsonQueueUrl), (stack.Names.CsvQueue, stack.CsvQueueUrl), (stack.Names.ErrorQueue, stack.ErrorQueueUrl)];

    private async Task SampleAsync(DateTime minute, CancellationToken cancellationToken)
    {
        var sixHours = scale.ScaleSeconds(6 * 3600);
        var at = minute + aggregator.Minute.Length - TimeSpan.FromTicks(1);
        foreach (var (name, url) in Queues)
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
            {
                QueueUrl = url,
                AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
            }, cancellationToken);
            if (attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible > 0)
            {
                metrics.Accessed(name); // "if it contains any messages"
            }

            if (!metrics.IsActive(name, at, sixHours))
            {
                continue;
            }

            metrics.Level(name, "ApproximateNumberOfMessagesVisible", at, attributes.ApproximateNumberOfMessages);
            metrics.Level(name, "ApproximateNumberOfMessagesNotVisible", at, attributes.ApproximateNumberOfMessagesNotVisible);
            metrics.Level(name, "ApproximateNumberOfMessagesDelayed", at, attributes.ApproximateNumberOfMessagesDelayed);
            metrics.TouchQueue(name, at);
        }
    }
}
