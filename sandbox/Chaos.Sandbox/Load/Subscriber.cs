using Amazon.SQS;
using Amazon.SQS.Model;
using Chaos.Sandbox.Metrics;

namespace Chaos.Sandbox.Load;

/// <summary>The workshop's subscriber: drains the CSV queue (the SNS topic's notifications of new CSV files).</summary>
internal sealed class Subscriber(IAmazonSQS sqs, string queueUrl, string queueName, ServiceMetrics? metrics = null)
{
    private long drained;

    public long Drained => Interlocked.Read(ref drained);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var answer = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2 }, cancellationToken);
                var messages = answer.Messages ?? [];
                if (messages.Count == 0)
                {
                    continue;
                }

                metrics?.Received(queueName, messages.Count);

                var deleted = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
                {
                    QueueUrl = queueUrl,
                    Entries = [.. messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle))],
                }, cancellationToken);
                var count = deleted.Successful?.Count ?? 0;
                metrics?.Deleted(queueName, count);
                Interlocked.Add(ref drained, count);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
