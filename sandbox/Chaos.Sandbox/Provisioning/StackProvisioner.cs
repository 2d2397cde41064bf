using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.FailureLambda;
using Chaos.Sandbox.FailureLambda.V1;

namespace Chaos.Sandbox.Provisioning;

/// <summary>
/// Creates the workshop's stack through AWS APIs, as its Terraform does: bucket and notifications, the three queues
/// with redrive, the topic and its queue subscription, the table, the failure-lambda parameter, and the function
/// registered in Lambda (moto stores it; the sandbox's host runs it). With failure-lambda 1.x, its layer is published
/// and attached, and the function gets the layer's variables, as the layer's README sets them up.
/// </summary>
internal sealed class StackProvisioner(AwsClientFactory clients, HttpClient http)
{
    public const string InitialFailureConfig = "{\"isEnabled\": false}";

    /// <summary>1.x's parameter with every mode off (the shape of the README's "Create the SSM parameter", all disabled).</summary>
    public const string InitialFailureFlags =
        "{\"latency\": {\"enabled\": false}, \"timeout\": {\"enabled\": false}, \"diskspace\": {\"enabled\": false}, \"denylist\": {\"enabled\": false}, \"statuscode\": {\"enabled\": false}, \"exception\": {\"enabled\": false}, \"corruption\": {\"enabled\": false}}";

    /// <summary>The layer's CompatibleRuntimes (layer/template.yaml at v1.0.0); informational, as on AWS, so the nodejs18.x function may use it.</summary>
    private static readonly string[] LayerRuntimes =
        ["nodejs24.x", "nodejs22.x", "nodejs20.x", "python3.14", "python3.13", "python3.12", "python3.11", "python3.10", "java25", "java21", "java17", "java11", "dotnet10", "dotnet8", "ruby3.4"];

    public async Task<ProvisionedStack> ProvisionAsync(StackNames names, ProvisionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(options);
        var region = clients.Region;
        using var s3 = clients.S3();
        using var sqs = clients.Sqs();
        using var dynamo = clients.DynamoDb();
        using var ssm = clients.Ssm();
        var iam = clients.Iam(http);
        var sns = clients.Sns(http);
        var lambda = clients.Lambda(http);

        await s3.PutBucketAsync(new PutBucketRequest { BucketName = names.Bucket }, cancellationToken);

        var visibility = Math.Max(1, (int)Math.Round(options.Scale.ScaleSeconds(180).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var errorQueueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = names.ErrorQueue, Attributes = new() { ["VisibilityTimeout"] = visibility } }, cancellationToken)).QueueUrl;
        var errorQueueArn = await QueueArnAsync(sqs, errorQueueUrl, cancellationToken);
        var jsonQueueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = names.JsonQueue,
            Attributes = new()
            {
                ["VisibilityTimeout"] = visibility,
                ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{errorQueueArn}\",\"maxReceiveCount\":3}}",
            },
        }, cancellationToken)).QueueUrl;
        var jsonQueueArn = await QueueArnAsync(sqs, jsonQueueUrl, cancellationToken);
        var csvQueueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = names.CsvQueue }, cancellationToken)).QueueUrl;
        var csvQueueArn = await QueueArnAsync(sqs, csvQueueUrl, cancellationToken);

        var topicArn = await sns.CallAsync("CreateTopic", new Dictionary<string, string> { ["Name"] = names.Topic }, "TopicArn", cancellationToken);
        await sns.CallAsync("Subscribe", new Dictionary<string, string> { ["TopicArn"] = topicArn, ["Protocol"] = "sqs", ["Endpoint"] = csvQueueArn }, "SubscriptionArn", cancellationToken);

        await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = names.Bucket,
            QueueConfigurations = [new QueueConfiguration { Queue = jsonQueueArn, Events = [EventType.ObjectCreatedAll], Filter = KeyFilter("input/", ".json") }],
            TopicConfigurations = [new TopicConfiguration { Topic = topicArn, Events = [EventType.ObjectCreatedAll], Filter = KeyFilter("output/", ".csv") }],
        }, cancellationToken);

        // Setting notifications makes S3 send an s3:TestEvent to each target; the workshop's stack is created
        // before any load, so those are gone by the time anyone measures. Drop them here.
        await sqs.PurgeQueueAsync(jsonQueueUrl, cancellationToken);
        await sqs.PurgeQueueAsync(csvQueueUrl, cancellationToken);

        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = names.Table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("symbol", ScalarAttributeType.S), new AttributeDefinition("entryType", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("symbol", KeyType.HASH), new KeySchemaElement("entryType", KeyType.RANGE)],
        }, cancellationToken);

        var v1 = options.FailureLambda == FailureLambdaVersion.V1;
        await ssm.PutParameterAsync(new PutParameterRequest { Name = names.FailureParameter, Type = ParameterType.String, Value = v1 ? InitialFailureFlags : InitialFailureConfig, Overwrite = false }, cancellationToken);

        const string TrustPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        var roleArn = await iam.CallAsync("CreateRole", new Dictionary<string, string> { ["RoleName"] = names.Role, ["AssumeRolePolicyDocument"] = TrustPolicy }, "Arn", cancellationToken);
        var variables = new Dictionary<string, string> { ["FAILURE_INJECTION_PARAM"] = names.FailureParameter, ["CHAOS_DATA_TABLE"] = names.Table };
        List<string> layers = [];
        if (v1)
        {
            layers.Add(await lambda.PublishLayerVersionAsync("failure-lambda", "failure-lambda 1.0.0 (emulated by the sandbox's function host)", LayerRuntimes, cancellationToken));
            variables[FailureLambdaLayer.ExecWrapperVariable] = FailureLambdaLayer.ExecWrapper;
            if (options.FailureCacheTtlSeconds is { } ttl)
            {
                variables[CacheTtl.Variable] = ttl.ToString(CultureInfo.InvariantCulture);
            }
        }

        var function = await lambda.CreateFunctionAsync(names.Function, roleArn, options.LambdaTimeoutSeconds, variables, layers, cancellationToken);

        return new ProvisionedStack(names, region, jsonQueueUrl, errorQueueUrl, csvQueueUrl, topicArn, function.FunctionArn);
    }

    private static async Task<string> QueueArnAsync(IAmazonSQS sqs, string url, CancellationToken cancellationToken) =>
        (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["QueueArn"] }, cancellationToken)).QueueARN;

    private static Filter KeyFilter(string prefix, string suffix) => new()
    {
        S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("prefix", prefix), new FilterRule("suffix", suffix)] },
    };
}
