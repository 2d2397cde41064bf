using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Chaos.Sandbox.Accounting;

/// <summary>
/// Where every input object is, counted through the AWS APIs while load keeps flowing: a CSV, a dead letter, or a
/// message still in the JSON queue. The order of the counts is what makes the loss figure exact without a tolerance:
/// the inputs are listed first (S3 notifies the queue before the PUT returns, so each listed input already has its
/// message); then the JSON queue, then the error queue (a message redriven between the two is in the error queue by
/// then); then the CSVs (the function writes the CSV before it deletes the message, so a message gone from the queue
/// already has its CSV). Objects published meanwhile only add to the right-hand side, never to <see cref="InputsBefore"/>.
/// </summary>
internal sealed record PipelineTally(long InputsBefore, long InFlight, long DeadLetters, long Csvs, long InputsAfter)
{
    /// <summary>Inputs listed first that are nowhere now: lost, not in flight.</summary>
    public long Lost => Math.Max(0, InputsBefore - (Csvs + DeadLetters + InFlight));

    public static async Task<PipelineTally> CountAsync(IAmazonS3 s3, IAmazonSQS sqs, string bucket, string jsonQueue, string errorQueue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(sqs);
        var inputsBefore = await CountObjectsAsync(s3, bucket, "input/", cancellationToken);
        var inFlight = await QueueTotalAsync(sqs, jsonQueue, cancellationToken);
        var deadLetters = await QueueTotalAsync(sqs, errorQueue, cancellationToken);
        var csvs = await CountObjectsAsync(s3, bucket, "output/", cancellationToken);
        var inputsAfter = await CountObjectsAsync(s3, bucket, "input/", cancellationToken);
        return new PipelineTally(inputsBefore, inFlight, deadLetters, csvs, inputsAfter);
    }

    /// <summary>The input objects in the bucket now.</summary>
    public static Task<long> CountInputsAsync(IAmazonS3 s3, string bucket, CancellationToken cancellationToken) =>
        CountObjectsAsync(s3, bucket, "input/", cancellationToken);

    public override string ToString() =>
        $"inputs {InputsBefore} (then {InputsAfter}), csvs {Csvs}, dead letters {DeadLetters}, in flight {InFlight}, lost {Lost}";

    private static async Task<long> QueueTotalAsync(IAmazonSQS sqs, string name, CancellationToken cancellationToken)
    {
        var url = (await sqs.GetQueueUrlAsync(name, cancellationToken)).QueueUrl;
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["All"] }, cancellationToken);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible + attributes.ApproximateNumberOfMessagesDelayed;
    }

    private static async Task<long> CountObjectsAsync(IAmazonS3 s3, string bucket, string prefix, CancellationToken cancellationToken)
    {
        long count = 0;
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken);
            count += page.S3Objects?.Count ?? 0;
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return count;
    }
}
