using Chaos.Sandbox.Handler;

namespace Chaos.Sandbox.Tests.Infrastructure;

/// <summary>Lab 4's fix: the function awaits its DynamoDB writes.</summary>
public sealed class AwaitedSandbox : SandboxFixture
{
    public const string Collection = "sandbox (awaited)";

    private protected override HandlerMode Handler => HandlerMode.Awaited;
}
