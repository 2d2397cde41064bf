namespace Chaos.Sandbox.Provisioning;

/// <summary>What provisioning created, with the URLs and ARNs the host and drivers use.</summary>
internal sealed record ProvisionedStack(StackNames Names, string Region, string JsonQueueUrl, string ErrorQueueUrl, string CsvQueueUrl, string TopicArn, string FunctionArn);
