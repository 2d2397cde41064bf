using Amazon.Runtime;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Aws.Endpoints;
using Chaos.Moto;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.FailureLambda;
using Chaos.Sandbox.FailureLambda.V1;
using Chaos.Sandbox.Provisioning;
using Shouldly;

namespace Chaos.Sandbox.Tests.FailureLambda.V1;

/// <summary>
/// A stack provisioned with <c>--failure-lambda 1</c>, against a moto of its own: the function's configuration says
/// what wraps it as the layer's setup would on AWS (README "Getting Started: Lambda Layer").
/// </summary>
public sealed class LayerProvisioningTests
{
    [Fact]
    public async Task A_1x_function_has_the_layer_its_wrapper_variable_its_TTL_and_a_1x_parameter()
    {
        // Given
        var token = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(new MotoServerOptions(), token);
        var clients = new AwsClientFactory(
            new AwsEndpointResolver(name => name == AwsEndpointResolver.EndpointUrl ? moto.Endpoint.ToString() : null), "us-east-1", new BasicAWSCredentials("testing", "testing"));
        using var http = new HttpClient();
        using var ssm = clients.Ssm();
        var names = StackNames.Random();

        // When
        var stack = await new StackProvisioner(clients, http).ProvisionAsync(
            names, new ProvisionOptions(3, TimeScale.None) { FailureLambda = FailureLambdaVersion.V1, FailureCacheTtlSeconds = 30 }, token);

        // Then
        var function = await clients.Lambda(http).GetFunctionConfigurationAsync(names.Function, token);
        function.Layers.ShouldHaveSingleItem().ShouldBe("arn:aws:lambda:us-east-1:123456789012:layer:failure-lambda:1");
        function.Environment["AWS_LAMBDA_EXEC_WRAPPER"].ShouldBe("/opt/failure-lambda-wrapper");
        function.Environment["FAILURE_CACHE_TTL"].ShouldBe("30");
        function.Environment["FAILURE_INJECTION_PARAM"].ShouldBe(names.FailureParameter);
        (await ssm.GetParameterAsync(new GetParameterRequest { Name = names.FailureParameter }, token)).Parameter.Value.ShouldBe(StackProvisioner.InitialFailureFlags);
        SqsEvent.QueueArn(stack.JsonQueueUrl, stack.FunctionArn).ShouldBe($"arn:aws:sqs:us-east-1:123456789012:{names.JsonQueue}");
    }
}
