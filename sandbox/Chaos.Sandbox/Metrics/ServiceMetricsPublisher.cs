using Amazon.SQS;
using Amazon.SQS.Model;
using Chaos.Aws.CloudWatch;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Sandbox.Provisioning;

namespace Chaos.Sandbox.Metrics;

/// <summary>
/// Publishes into moto's CloudWatch the service metrics AWS would, each derived from what really happened in moto:
/// <list type="bullet">
/// <item>AWS/Lambda (FunctionName): Invocations, Errors (timeouts included), Duration (AWS-equivalent ms, one value per
/// invocation), ConcurrentExecutions (peak), Throttles — from the function host's own invocations.</item>
/// <item>AWS/SQS (QueueName), per queue: NumberOfMessagesReceived and NumberOfMessagesDeleted from the sandbox's consumers'
/// ReceiveMessage/DeleteMessage calls; ApproximateNumberOfMessages{Visible,NotVisible,Delayed} from GetQueueAttributes;
/// NumberOfMessagesSent from moto's SentTimestamp of each message, read on its first receive, and stamped at that time
/// (to 100 ms), so a message's "sent", its DynamoDB write and its CSV fall in the same window as they do on AWS.
/// A message still unread is counted when first read, late but at its true time (as CloudWatch ingests late data).
/// Messages moved to the DLQ by redrive are not sent to it, so the DLQ's NumberOfMessagesSent stays 0, as on AWS.</item>
/// <item>AWS/SNS (TopicName): the topic's only publisher is S3 and its only subscriber the CSV queue, so
/// NumberOfMessagesPublished = NumberOfNotificationsDelivered = the CSV queue's NumberOfMessagesSent, and
/// NumberOfNotificationsFailed = 0; like AWS, SNS publishes only in intervals with activity.</item>
/// </list>
/// </summary>
internal sealed class ServiceMetricsPublisher(IAmazonSQS sqs, IAmazonCloudWatch cloudWatch, ProvisionedStack stack, LambdaMetrics lambda, QueueActivity activity, TimeSpan interval)
{
    public long JsonSent { get; private set; }

    public long CsvSent { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await PublishOnceAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    public async Task PublishOnceAsync(CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var json = await DepthAsync(stack.JsonQueueUrl, cancellationToken);
        var (jsonReceived, jsonDeleted) = activity.Take(stack.JsonQueueUrl);
        var csv = await DepthAsync(stack.CsvQueueUrl, cancellationToken);
        var (csvReceived, csvDeleted) = activity.Take(stack.CsvQueueUrl);
        var errors = await DepthAsync(stack.ErrorQueueUrl, cancellationToken);
        var (errorsReceived, errorsDeleted) = activity.Take(stack.ErrorQueueUrl);
        var jsonSent = activity.TakeSent(stack.JsonQueueUrl);
        var csvSent = activity.TakeSent(stack.CsvQueueUrl);
        JsonSent += jsonSent.Count;
        CsvSent += csvSent.Count;

        var sqsData = new List<MetricDatum>();
        sqsData.AddRange(QueueData(stack.Names.JsonQueue, now, jsonReceived, jsonDeleted, json));
        sqsData.AddRange(SentData(stack.Names.JsonQueue, jsonSent));
        sqsData.AddRange(QueueData(stack.Names.CsvQueue, now, csvReceived, csvDeleted, csv));
        sqsData.AddRange(SentData(stack.Names.CsvQueue, csvSent));
        sqsData.AddRange(QueueData(stack.Names.ErrorQueue, now, errorsReceived, errorsDeleted, errors));
        sqsData.Add(Datum("NumberOfMessagesSent", new Dimension { Name = "QueueName", Value = stack.Names.ErrorQueue }, now, 0, "Count"));
        await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "AWS/SQS", MetricData = sqsData }, cancellationToken);

        var function = lambda.TakeSnapshot();
        if (function.Invocations > 0 || function.Throttles > 0)
        {
            var dimension = new Dimension { Name = "FunctionName", Value = stack.Names.Function };
            var lambdaData = new List<MetricDatum>
            {
                Datum("Invocations", dimension, now, function.Invocations, "Count"),
                Datum("Errors", dimension, now, function.Errors, "Count"),
                Datum("Throttles", dimension, now, function.Throttles, "Count"),
                Datum("ConcurrentExecutions", dimension, now, function.PeakConcurrent, "Count"),
            };
            lambdaData.AddRange(function.DurationsMs.Select(ms => Datum("Duration", dimension, now, ms, "Milliseconds")));
            foreach (var chunk in lambdaData.Chunk(1000))
            {
                await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "AWS/Lambda", MetricData = [.. chunk] }, cancellationToken);
            }
        }

        if (csvSent.Count > 0)
        {
            var topic = new Dimension { Name = "TopicName", Value = stack.Names.Topic };
            var snsData = new List<MetricDatum>();
            foreach (var (at, count) in Buckets(csvSent))
            {
                snsData.Add(Datum("NumberOfMessagesPublished", topic, at, count, "Count"));
                snsData.Add(Datum("NumberOfNotificationsDelivered", topic, at, count, "Count"));
                snsData.Add(Datum("NumberOfNotificationsFailed", topic, at, 0, "Count"));
            }

            await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "AWS/SNS", MetricData = snsData }, cancellationToken);
        }
    }

    private static IEnumerable<(DateTime At, int Count)> Buckets(List<DateTime> times) =>
        times.GroupBy(t => t.Ticks / (TimeSpan.TicksPerMillisecond * 100))
            .Select(g => (new DateTime((g.Key * TimeSpan.TicksPerMillisecond * 100) + (TimeSpan.TicksPerMillisecond * 50), DateTimeKind.Utc), g.Count()));

    private static IEnumerable<MetricDatum> SentData(string queue, List<DateTime> times) =>
        Buckets(times).Select(b => Datum("NumberOfMessagesSent", new Dimension { Name = "QueueName", Value = queue }, b.At, b.Count, "Count"));

    private async Task<QueueDepth> DepthAsync(string queueUrl, CancellationToken cancellationToken)
    {
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
        }, cancellationToken);
        return new QueueDepth(attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible, attributes.ApproximateNumberOfMessagesDelayed);
    }

    private static IEnumerable<MetricDatum> QueueData(string queue, DateTime now, long received, long deleted, QueueDepth depth)
    {
        var dimension = new Dimension { Name = "QueueName", Value = queue };
        yield return Datum("NumberOfMessagesReceived", dimension, now, received, "Count");
        yield return Datum("NumberOfMessagesDeleted", dimension, now, deleted, "Count");
        yield return Datum("ApproximateNumberOfMessagesVisible", dimension, now, depth.Visible, "Count");
        yield return Datum("ApproximateNumberOfMessagesNotVisible", dimension, now, depth.NotVisible, "Count");
        yield return Datum("ApproximateNumberOfMessagesDelayed", dimension, now, depth.Delayed, "Count");
    }

    private static MetricDatum Datum(string name, Dimension dimension, DateTime at, double value, string unit) =>
        new() { MetricName = name, Dimensions = [dimension], Timestamp = at, Value = value, Unit = unit };
}
