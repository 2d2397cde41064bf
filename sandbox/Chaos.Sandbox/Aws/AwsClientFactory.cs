using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using Chaos.Fixtures.CloudWatch;

namespace Chaos.Sandbox.Aws;

/// <summary>
/// Builds the AWS clients of the sandbox, pointed at moto (an explicit endpoint) or, for the drivers against a
/// real stack, left to the SDK's own endpoint and credential resolution. An optional HTTP client factory lets an
/// execution environment route its calls through its failure-lambda denylist.
/// </summary>
public sealed class AwsClientFactory(Uri? endpoint, string region, AWSCredentials? credentials = null)
{
    public Uri? Endpoint => endpoint;

    public string Region => region;

    public IAmazonS3 S3(HttpClientFactory? http = null) =>
        new AmazonS3Client(Credentials(), Configure(new AmazonS3Config { ForcePathStyle = endpoint is not null }, http));

    public IAmazonSQS Sqs(HttpClientFactory? http = null) => new AmazonSQSClient(Credentials(), Configure(new AmazonSQSConfig(), http));

    public IAmazonDynamoDB DynamoDb(HttpClientFactory? http = null) => new AmazonDynamoDBClient(Credentials(), Configure(new AmazonDynamoDBConfig(), http));

    public IAmazonSimpleSystemsManagement Ssm(HttpClientFactory? http = null) =>
        new AmazonSimpleSystemsManagementClient(Credentials(), Configure(new AmazonSimpleSystemsManagementConfig(), http));

    public AmazonCloudWatchClient CloudWatch(HttpMessageHandler? transport = null) =>
        new(new AmazonCloudWatchConfig { ServiceURL = endpoint?.ToString(), Region = region, MaxErrorRetry = 3 }, credentials, transport);

    public LambdaApi Lambda(HttpClient http) => new(http, region, endpoint, credentials);

    public AwsQueryClient Sns(HttpClient http) => new(http, "SNS", "sns", "sns", "2010-03-31", region, endpoint, credentials);

    /// <summary>IAM is global: signed for us-east-1 wherever the stack is.</summary>
    public AwsQueryClient Iam(HttpClient http) => new(http, "IAM", "iam", "iam", "2010-05-08", "us-east-1", endpoint, credentials);

    private AWSCredentials Credentials() => credentials ?? Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials();

    private T Configure<T>(T config, HttpClientFactory? http)
        where T : ClientConfig
    {
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (http is not null)
        {
            config.HttpClientFactory = http;
        }

        config.MaxErrorRetry = 3;
        return config;
    }
}
