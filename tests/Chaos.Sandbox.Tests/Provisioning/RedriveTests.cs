using Amazon.SQS.Model;
using Chaos.Aws.Endpoints;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.Provisioning;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Sandbox.Tests.Provisioning;

/// <summary>
/// Lab 3's second symptom, at the mechanism: a message whose processing keeps failing moves to the error queue after
/// its third receive, once the (scaled) visibility timeout has let it reappear each time — the stack's redrive policy
/// (maxReceiveCount 3, visibility 180 s) as moto applies it. The whole experiment is proven end to end by
/// tests/e2e/exp1-verdicts.sh.
/// </summary>
public sealed class RedriveTests(MotoFixture moto)
{
    [Fact]
    public async Task A_message_received_three_times_without_being_deleted_moves_to_the_error_queue()
    {
        // Given: the workshop's stack at a time scale of 90 (a 180 s visibility timeout is 2 s).
        var token = TestContext.Current.CancellationToken;
        var clients = new AwsClientFactory(new AwsEndpointResolver(name => name == AwsEndpointResolver.EndpointUrl ? moto.Endpoint.ToString() : null), MotoFixture.Region, MotoFixture.Credentials);
        using var http = new HttpClient();
        var names = StackNames.Random();
        var stack = await new StackProvisioner(clients, http).ProvisionAsync(names, new ProvisionOptions(3, new TimeScale(90)), token);
        using var sqs = clients.Sqs();
        await sqs.SendMessageAsync(stack.JsonQueueUrl, "{\"Records\": []}", token);

        // When: three receives, none deleting (each a failed invocation), each waiting out the visibility timeout.
        var receives = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (receives < 3 && DateTime.UtcNow < deadline)
        {
            var answer = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = stack.JsonQueueUrl, WaitTimeSeconds = 1 }, token);
            receives += answer.Messages?.Count ?? 0;
        }

        var inErrorQueue = 0;
        while (inErrorQueue == 0 && DateTime.UtcNow < deadline)
        {
            // A receive after the third makes moto apply the redrive, as SQS does when the count is exceeded.
            await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = stack.JsonQueueUrl, WaitTimeSeconds = 1 }, token);
            var attributes = await sqs.GetQueueAttributesAsync(stack.ErrorQueueUrl, ["ApproximateNumberOfMessages"], token);
            inErrorQueue = attributes.ApproximateNumberOfMessages;
        }

        // Then
        receives.ShouldBe(3);
        inErrorQueue.ShouldBe(1);
    }
}
