using Chaos.Aws.Endpoints;
using Chaos.Aws.Lambda;
using Chaos.Aws.Query;

namespace Chaos.Testing;

/// <summary>
/// Registers a function in moto's Lambda the way the workshop's Terraform configures it (failure-lambda reading
/// <c>FAILURE_INJECTION_PARAM</c>), so that the harness's preflight finds what it looks for on AWS.
/// </summary>
public static class MotoFunctions
{
    private const string TrustPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    /// <param name="environment">The function's environment; <c>FAILURE_INJECTION_PARAM</c> is set to <paramref name="parameter"/> unless given.</param>
    public static async Task RegisterAsync(Uri moto, string function, string parameter, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(moto);
        using var http = new HttpClient();
        var endpoints = new AwsEndpointResolver(name => name == AwsEndpointResolver.EndpointUrl ? moto.ToString() : null);
        var credentials = MotoFixture.Credentials;
        var iam = new AwsQueryClient(http, AwsService.Iam, "2010-05-08", MotoFixture.Region, endpoints, credentials);
        var role = await iam.CallAsync("CreateRole", new Dictionary<string, string> { ["RoleName"] = $"role-{function}", ["AssumeRolePolicyDocument"] = TrustPolicy }, "Arn", cancellationToken);
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        variables.TryAdd("FAILURE_INJECTION_PARAM", parameter);
        await new LambdaClient(http, MotoFixture.Region, endpoints, credentials).CreateFunctionAsync(function, role, 3, variables, cancellationToken);
    }
}
