using Chaos.Aws.Endpoints;
using Chaos.Aws.Lambda;
using Chaos.Aws.Query;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Aws.Tests.Lambda;

/// <summary>The Lambda calls against moto: a function with a layer reads back with that layer and its variables.</summary>
public sealed class LambdaClientTests(MotoFixture moto)
{
    private const string TrustPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_function_created_with_a_published_layer_reads_back_with_its_ARN_and_variables()
    {
        // Given
        using var http = new HttpClient();
        var endpoints = new AwsEndpointResolver(name => name == AwsEndpointResolver.EndpointUrl ? moto.Endpoint.ToString() : null);
        var lambda = new LambdaClient(http, MotoFixture.Region, endpoints, MotoFixture.Credentials);
        var iam = new AwsQueryClient(http, AwsService.Iam, "2010-05-08", MotoFixture.Region, endpoints, MotoFixture.Credentials);
        var name = $"f-{Guid.NewGuid():N}";
        var role = await iam.CallAsync("CreateRole", new Dictionary<string, string> { ["RoleName"] = $"role-{name}", ["AssumeRolePolicyDocument"] = TrustPolicy }, "Arn", Token);

        // When
        var layer = await lambda.PublishLayerVersionAsync($"layer-{name}", "a layer", ["nodejs22.x"], Token);
        await lambda.CreateFunctionAsync(name, role, 3, new Dictionary<string, string> { ["AWS_LAMBDA_EXEC_WRAPPER"] = "/opt/failure-lambda-wrapper" }, [layer], Token);
        var read = await lambda.GetFunctionConfigurationAsync(name, Token);

        // Then
        layer.ShouldBe($"arn:aws:lambda:us-east-1:123456789012:layer:layer-{name}:1");
        read.Layers.ShouldBe([layer]);
        read.Environment["AWS_LAMBDA_EXEC_WRAPPER"].ShouldBe("/opt/failure-lambda-wrapper");
        read.Runtime.ShouldBe("nodejs18.x");
    }
}
