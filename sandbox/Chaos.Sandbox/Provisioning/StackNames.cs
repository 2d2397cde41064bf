using System.Security.Cryptography;

namespace Chaos.Sandbox.Provisioning;

/// <summary>The workshop's resource names, all sharing one random hex suffix as Terraform's do.</summary>
internal sealed record StackNames(string Suffix)
{
    public string Bucket => $"chaos-bucket-{Suffix}";

    public string JsonQueue => $"chaos-json-work-queue-{Suffix}";

    public string ErrorQueue => $"chaos-error-queue-{Suffix}";

    public string CsvQueue => $"chaos-csv-work-queue-{Suffix}";

    public string Topic => $"chaos-csv-notification-topic-{Suffix}";

    public string Function => $"ChaosTransformer-{Suffix}";

    public string Table => $"chaos-data-{Suffix}";

    public string Role => $"chaos-lambda-role-{Suffix}";

    public string FailureParameter { get; init; } = "failureLambdaConfig";

    public static StackNames Random() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
}
