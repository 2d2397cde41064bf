using Chaos.Sandbox.Handler;

namespace Chaos.Sandbox.Tests.Infrastructure;

/// <summary>The workshop's sandbox: un-awaited DynamoDB writes.</summary>
public sealed class FireAndForgetSandbox : SandboxFixture
{
    public const string Collection = "sandbox (fire-and-forget)";

    private protected override HandlerMode Handler => HandlerMode.FireAndForget;
}
