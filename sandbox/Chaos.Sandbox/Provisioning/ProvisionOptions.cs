using Chaos.Sandbox.FailureLambda;

namespace Chaos.Sandbox.Provisioning;

/// <summary>The Terraform variables of the workshop that the sandbox lets a user change.</summary>
/// <param name="LambdaTimeoutSeconds">The function's Timeout in AWS seconds (3 in the workshop, 120 after lab 3's fix).</param>
/// <param name="Scale">Divides the queues' visibility timeout (180 s on AWS).</param>
internal sealed record ProvisionOptions(int LambdaTimeoutSeconds, TimeScale Scale)
{
    /// <summary>Which failure-lambda the function is deployed with: 1 adds its layer and the layer's variables.</summary>
    public FailureLambdaVersion FailureLambda { get; init; } = FailureLambdaVersion.V04;

    /// <summary>With 1.x, <c>FAILURE_CACHE_TTL</c> in AWS seconds; null leaves it unset (the layer's default, 60 s).</summary>
    public double? FailureCacheTtlSeconds { get; init; }
}
