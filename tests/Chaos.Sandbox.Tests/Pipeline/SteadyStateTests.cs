using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Chaos.Fixtures.SteadyState;
using Chaos.Sandbox.Tests.Infrastructure;
using Shouldly;

namespace Chaos.Sandbox.Tests.Pipeline;

[Collection(FireAndForgetSandbox.Collection)]
public sealed class SteadyStateTests(FireAndForgetSandbox sandbox)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_no_fault_over_a_window_the_seed_hypothesis_holds_with_the_foundations_metric_math()
    {
        await sandbox.ResetAsync(Token);

        var samples = await sandbox.SampleForAsync(SandboxFixture.Window, Token);

        samples.ShouldAllBe(s => s.Met, string.Join("\n", samples.Where(s => !s.Met)));
        samples.ShouldAllBe(s => s[PipelineIndicators.InError].Value <= 5);
        samples.ShouldAllBe(s => s[PipelineIndicators.InFlight].Value >= 0 && s[PipelineIndicators.InFlight].Value <= 80);
    }

    [Fact]
    public async Task Nothing_is_lost_every_input_object_is_a_csv_a_dead_letter_or_still_in_flight()
    {
        // Given: the sandbox has run under load for at least a window.
        using var s3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("testing", "testing"), new AmazonS3Config { ServiceURL = sandbox.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = sandbox.Settings.Region });
        using var sqs = new AmazonSQSClient(new Amazon.Runtime.BasicAWSCredentials("testing", "testing"), new AmazonSQSConfig { ServiceURL = sandbox.Endpoint.ToString(), AuthenticationRegion = sandbox.Settings.Region });

        // When: counted through the APIs (in flight and dead letters first: objects only accumulate meanwhile).
        var inFlight = await QueueTotalAsync(sqs, sandbox.Settings.JsonQueueName);
        var deadLetters = await QueueTotalAsync(sqs, sandbox.Settings.ErrorQueueName);
        var csvs = await CountAsync(s3, "output/");
        var inputs = await CountAsync(s3, "input/");

        // Then: each input is accounted for; the only excess allowed is an object counted twice while its CSV is
        // written and its message not yet deleted (at most one per concurrent invocation).
        var accounted = csvs + deadLetters + inFlight;
        inputs.ShouldBeGreaterThan(100);
        accounted.ShouldBeGreaterThanOrEqualTo(inputs - 10, $"inputs {inputs}, csvs {csvs}, dead letters {deadLetters}, in flight {inFlight}");
        accounted.ShouldBeLessThanOrEqualTo(inputs + 10, $"inputs {inputs}, csvs {csvs}, dead letters {deadLetters}, in flight {inFlight}");
    }

    private static async Task<long> QueueTotalAsync(IAmazonSQS sqs, string name)
    {
        var url = (await sqs.GetQueueUrlAsync(name, Token)).QueueUrl;
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["All"] }, Token);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible + attributes.ApproximateNumberOfMessagesDelayed;
    }

    private async Task<long> CountAsync(IAmazonS3 s3, string prefix)
    {
        long count = 0;
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = sandbox.Settings.BucketName, Prefix = prefix, ContinuationToken = token }, Token);
            count += page.S3Objects?.Count ?? 0;
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return count;
    }
}
