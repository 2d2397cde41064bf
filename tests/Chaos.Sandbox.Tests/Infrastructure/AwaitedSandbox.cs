using Chaos.Sandbox.Handler;

namespace Chaos.Sandbox.Tests.Infrastructure;

/// <summary>Lab 4's fix: the function awaits its DynamoDB writes; lab 3's fix (a 120 s timeout) is already in place.</summary>
public sealed class AwaitedSandbox : SandboxFixture
{
    public const string Collection = "sandbox (awaited)";

    private protected override HandlerMode Handler => HandlerMode.Awaited;

    private protected override int LambdaTimeoutSeconds => FixedTimeoutSeconds;
}
