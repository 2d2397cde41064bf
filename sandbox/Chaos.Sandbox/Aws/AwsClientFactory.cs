using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using Chaos.Aws.CloudWatch;
using Chaos.Aws.Endpoints;
using Chaos.Aws.Lambda;
using Chaos.Aws.Logs;
using Chaos.Aws.Query;

namespace Chaos.Sandbox.Aws;

/// <summary>
/// Builds the AWS clients of the sandbox — or of the drivers against a real stack — where the one endpoint resolver says
/// (the sandbox's two motos and its CloudWatch front, or AWS), with the given keys or the SDK's credential chain. An
/// optional HTTP client factory lets an execution environment route its calls through its failure-lambda denylist.
/// </summary>
internal sealed class AwsClientFactory(AwsEndpointResolver endpoints, string region, AWSCredentials? credentials = null)
{
    public AwsEndpointResolver Endpoints => endpoints;

    public string Region => region;

    public IAmazonS3 S3(HttpClientFactory? http = null) =>
        new AmazonS3Client(Credentials(), Configure(new AmazonS3Config { ForcePathStyle = endpoints.Configured(AwsService.S3) is not null }, http));

    public IAmazonSQS Sqs(HttpClientFactory? http = null) => new AmazonSQSClient(Credentials(), Configure(new AmazonSQSConfig(), http));

    public IAmazonDynamoDB DynamoDb(HttpClientFactory? http = null) => new AmazonDynamoDBClient(Credentials(), Configure(new AmazonDynamoDBConfig(), http));

    public IAmazonSimpleSystemsManagement Ssm(HttpClientFactory? http = null) =>
        new AmazonSimpleSystemsManagementClient(Credentials(), Configure(new AmazonSimpleSystemsManagementConfig(), http));

    public AmazonCloudWatchClient CloudWatch(HttpMessageHandler? transport = null) =>
        new(new AmazonCloudWatchConfig { Endpoints = endpoints, Region = region, MaxErrorRetry = 3 }, credentials, transport);

    public AmazonCloudWatchLogsClient Logs() =>
        new(new AmazonCloudWatchLogsConfig { Endpoints = endpoints, Region = region, MaxErrorRetry = 3 }, credentials);

    public LambdaClient Lambda(HttpClient http) => new(http, region, endpoints, credentials);

    public AwsQueryClient Sns(HttpClient http) => new(http, AwsService.Sns, "2010-03-31", region, endpoints, credentials);

    /// <summary>IAM is global: signed for us-east-1 wherever the stack is.</summary>
    public AwsQueryClient Iam(HttpClient http) => new(http, AwsService.Iam, "2010-05-08", "us-east-1", endpoints, credentials);

    private static AwsService Service(ClientConfig config) => config switch
    {
        AmazonS3Config => AwsService.S3,
        AmazonSQSConfig => AwsService.Sqs,
        AmazonDynamoDBConfig => AwsService.DynamoDb,
        AmazonSimpleSystemsManagementConfig => AwsService.Ssm,
        _ => throw new ArgumentException($"no endpoint rule for {config.GetType().Name}", nameof(config)),
    };

    private AWSCredentials Credentials() => credentials ?? Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials();

    private T Configure<T>(T config, HttpClientFactory? http)
        where T : ClientConfig
    {
        endpoints.Configure(config, Service(config), region);
        if (http is not null)
        {
            config.HttpClientFactory = http;
        }

        config.MaxErrorRetry = 3;
        return config;
    }
}
