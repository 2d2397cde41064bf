namespace Chaos.Sandbox.Provisioning;

/// <summary>The Terraform variables of the workshop that the sandbox lets a user change.</summary>
/// <param name="LambdaTimeoutSeconds">The function's Timeout in AWS seconds (3 in the workshop, 120 after lab 3's fix).</param>
/// <param name="Scale">Divides the queues' visibility timeout (180 s on AWS).</param>
internal sealed record ProvisionOptions(int LambdaTimeoutSeconds, TimeScale Scale);
