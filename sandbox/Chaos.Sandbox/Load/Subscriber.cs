using Amazon.SQS;
using Amazon.SQS.Model;
using Chaos.Sandbox.Metrics;

namespace Chaos.Sandbox.Load;

/// <summary>The workshop's subscriber: drains the CSV queue (the SNS topic's notifications of new CSV files).</summary>
internal sealed class Subscriber(IAmazonSQS sqs, string queueUrl, QueueActivity? activity = null)
{
    private long drained;

    public long Drained => Interlocked.Read(ref drained);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var answer = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2, MessageSystemAttributeNames = ["SentTimestamp", "ApproximateReceiveCount"] }, cancellationToken);
                var messages = answer.Messages ?? [];
                if (messages.Count == 0)
                {
                    continue;
                }

                activity?.Received(queueUrl, messages.Count);
                foreach (var message in messages)
                {
                    activity?.Observe(queueUrl, message);
                }

                var deleted = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
                {
                    QueueUrl = queueUrl,
                    Entries = [.. messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle))],
                }, cancellationToken);
                var count = deleted.Successful?.Count ?? 0;
                activity?.Deleted(queueUrl, count);
                Interlocked.Add(ref drained, count);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
