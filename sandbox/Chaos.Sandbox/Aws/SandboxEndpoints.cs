using Chaos.Aws.Endpoints;

namespace Chaos.Sandbox.Aws;

/// <summary>
/// Where the sandbox's services listen. moto is a single-threaded Python process, so the sandbox runs two: one for
/// S3, SQS and SNS (which must share one moto: S3 notifies SQS and SNS, SNS delivers to SQS, inside moto), one for every
/// other service (SSM, DynamoDB, Lambda, IAM, STS, CloudWatch Logs, and CloudWatch behind the front). Clients find
/// them the standard way: <c>AWS_ENDPOINT_URL</c> for the first, <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> for the others.
/// </summary>
internal sealed record SandboxEndpoints(Uri Storage, Uri Services, Uri CloudWatch)
{
    private static readonly AwsService[] OnServices =
        [AwsService.Ssm, AwsService.DynamoDb, AwsService.Lambda, AwsService.Iam, AwsService.Sts, AwsService.CloudWatchLogs];

    /// <summary>The endpoint variables, as the env file writes them and every client reads them.</summary>
    public IReadOnlyList<(string Name, string Value)> Variables() =>
    [
        (AwsEndpointResolver.EndpointUrl, Storage.ToString().TrimEnd('/')),
        .. OnServices.Select(s => (AwsEndpointResolver.EndpointUrlPrefix + s.VariableSuffix, Services.ToString().TrimEnd('/'))),
        (AwsEndpointResolver.EndpointUrlPrefix + AwsService.CloudWatch.VariableSuffix, CloudWatch.ToString().TrimEnd('/')),
    ];

    public AwsEndpointResolver Resolver()
    {
        var variables = Variables().ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return new AwsEndpointResolver(name => variables.GetValueOrDefault(name));
    }
}
