using Amazon.S3;
using Amazon.SQS;
using Chaos.Aws.Configuration;
using Chaos.Engine.SteadyState;
using Chaos.Sandbox.Accounting;
using Chaos.Sandbox.Tests.Infrastructure;
using Shouldly;

namespace Chaos.Sandbox.Tests.Pipeline;

[Collection(FireAndForgetSandbox.Collection)]
public sealed class SteadyStateTests(FireAndForgetSandbox sandbox)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_no_fault_the_seed_hypothesis_holds_on_every_window_and_the_random_malformed_objects_show_as_errors()
    {
        await sandbox.ResetAsync(Token);

        var samples = await sandbox.SampleForAsync(SandboxFixture.Window, Token);

        samples.ShouldAllBe(s => s.Met, string.Join("\n", samples.Where(s => !s.Met)));
        samples.ShouldContain(s => s[PipelineIndicators.InError].Value > 0, "one object in a hundred is malformed and fails three receives: some windows show errors");
    }

    [Fact]
    public async Task Nothing_is_lost_every_input_object_is_a_csv_a_dead_letter_or_still_in_flight()
    {
        // Given: the sandbox has run under load for at least a window.
        var storage = sandbox.Settings.Endpoints[StackVariables.EndpointUrl].ToString();
        using var s3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("testing", "testing"), new AmazonS3Config { ServiceURL = storage, ForcePathStyle = true, AuthenticationRegion = sandbox.Settings.Region });
        using var sqs = new AmazonSQSClient(new Amazon.Runtime.BasicAWSCredentials("testing", "testing"), new AmazonSQSConfig { ServiceURL = storage, AuthenticationRegion = sandbox.Settings.Region });

        // When: counted through the APIs, inputs first (see PipelineTally for why that order needs no tolerance).
        var tally = await PipelineTally.CountAsync(s3, sqs, sandbox.Settings.BucketName, sandbox.Settings.JsonQueueName, sandbox.Settings.ErrorQueueName, Token);

        // Then: every input listed first is somewhere, and no CSV exists without its input.
        tally.InputsBefore.ShouldBeGreaterThan(100, tally.ToString());
        tally.Lost.ShouldBe(0, tally.ToString());
        tally.Csvs.ShouldBeLessThanOrEqualTo(tally.InputsAfter, tally.ToString());
    }
}
