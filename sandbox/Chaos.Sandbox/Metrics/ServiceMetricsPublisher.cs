using Amazon.SQS;
using Amazon.SQS.Model;
using Chaos.Fixtures.CloudWatch;
using Chaos.Fixtures.CloudWatch.Model;
using Chaos.Sandbox.Provisioning;

namespace Chaos.Sandbox.Metrics;

/// <summary>
/// Publishes into moto's CloudWatch the service metrics AWS would, each derived from what really happened in moto:
/// <list type="bullet">
/// <item>AWS/Lambda (FunctionName): Invocations, Errors (timeouts included), Duration (AWS-equivalent ms, one value per
/// invocation), ConcurrentExecutions (peak), Throttles — from the function host's own invocations.</item>
/// <item>AWS/SQS (QueueName), per queue: NumberOfMessagesReceived and NumberOfMessagesDeleted from the sandbox's consumers'
/// ReceiveMessage/DeleteMessage calls; ApproximateNumberOfMessages{Visible,NotVisible,Delayed} from GetQueueAttributes;
/// NumberOfMessagesSent = change in the queue's total + deleted + (JSON queue only) moved to the DLQ by redrive, which
/// is the growth of the DLQ. Redriven messages do not count in the DLQ's NumberOfMessagesSent, as on AWS.</item>
/// <item>AWS/SNS (TopicName): the topic's only publisher is S3 and its only subscriber the CSV queue, so
/// NumberOfMessagesPublished = NumberOfNotificationsDelivered = the CSV queue's NumberOfMessagesSent, and
/// NumberOfNotificationsFailed = 0; like AWS, SNS publishes only in intervals with activity.</item>
/// </list>
/// </summary>
public sealed class ServiceMetricsPublisher(IAmazonSQS sqs, IAmazonCloudWatch cloudWatch, ProvisionedStack stack, LambdaMetrics lambda, QueueActivity activity, TimeSpan interval)
{
    private QueueDepth? previousJson;
    private QueueDepth? previousCsv;
    private QueueDepth? previousErrors;
    private long carryJson;
    private long carryCsv;

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
        // Counts cover the interval just ended: stamped at its middle, so a message's "sent" lands within half an
        // interval of its DynamoDB write and CSV (stamped when they happen), and percent in flight has no boundary bias.
        var now = DateTime.UtcNow - (interval / 2);
        var json = await DepthAsync(stack.JsonQueueUrl, cancellationToken);
        var (jsonReceived, jsonDeleted) = activity.Take(stack.JsonQueueUrl);
        var csv = await DepthAsync(stack.CsvQueueUrl, cancellationToken);
        var (csvReceived, csvDeleted) = activity.Take(stack.CsvQueueUrl);
        var errors = await DepthAsync(stack.ErrorQueueUrl, cancellationToken);
        var (errorsReceived, errorsDeleted) = activity.Take(stack.ErrorQueueUrl);

        var movedToDlq = Math.Max(0, errors.Total - (previousErrors ?? errors).Total + errorsDeleted);
        var jsonSent = Positive(json.Total - (previousJson ?? json).Total + jsonDeleted + movedToDlq, ref carryJson);
        var csvSent = Positive(csv.Total - (previousCsv ?? csv).Total + csvDeleted, ref carryCsv);
        (previousJson, previousCsv, previousErrors) = (json, csv, errors);
        JsonSent += jsonSent;
        CsvSent += csvSent;

        var sqsData = new List<MetricDatum>();
        sqsData.AddRange(QueueData(stack.Names.JsonQueue, now, jsonSent, jsonReceived, jsonDeleted, json));
        sqsData.AddRange(QueueData(stack.Names.CsvQueue, now, csvSent, csvReceived, csvDeleted, csv));
        sqsData.AddRange(QueueData(stack.Names.ErrorQueue, now, 0, errorsReceived, errorsDeleted, errors));
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

        if (csvSent > 0)
        {
            var topic = new Dimension { Name = "TopicName", Value = stack.Names.Topic };
            await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest
            {
                Namespace = "AWS/SNS",
                MetricData =
                [
                    Datum("NumberOfMessagesPublished", topic, now, csvSent, "Count"),
                    Datum("NumberOfNotificationsDelivered", topic, now, csvSent, "Count"),
                    Datum("NumberOfNotificationsFailed", topic, now, 0, "Count"),
                ],
            }, cancellationToken);
        }
    }

    // A count cannot be negative; a transient negative difference (a delete counted before the queue showed it)
    // is carried into the next interval so the totals stay exact.
    private static long Positive(long value, ref long carry)
    {
        var total = value + carry;
        carry = Math.Min(0, total);
        return Math.Max(0, total);
    }

    private async Task<QueueDepth> DepthAsync(string queueUrl, CancellationToken cancellationToken)
    {
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
        }, cancellationToken);
        return new QueueDepth(attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible, attributes.ApproximateNumberOfMessagesDelayed);
    }

    private static IEnumerable<MetricDatum> QueueData(string queue, DateTime now, long sent, long received, long deleted, QueueDepth depth)
    {
        var dimension = new Dimension { Name = "QueueName", Value = queue };
        yield return Datum("NumberOfMessagesSent", dimension, now, sent, "Count");
        yield return Datum("NumberOfMessagesReceived", dimension, now, received, "Count");
        yield return Datum("NumberOfMessagesDeleted", dimension, now, deleted, "Count");
        yield return Datum("ApproximateNumberOfMessagesVisible", dimension, now, depth.Visible, "Count");
        yield return Datum("ApproximateNumberOfMessagesNotVisible", dimension, now, depth.NotVisible, "Count");
        yield return Datum("ApproximateNumberOfMessagesDelayed", dimension, now, depth.Delayed, "Count");
    }

    private static MetricDatum Datum(string name, Dimension dimension, DateTime at, double value, string unit) =>
        new() { MetricName = name, Dimensions = [dimension], Timestamp = at, Value = value, Unit = unit };
}
