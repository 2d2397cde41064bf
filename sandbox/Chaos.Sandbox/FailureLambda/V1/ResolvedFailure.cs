namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>An enabled flag ready to roll (layer/proxy/src/config.rs <c>ResolvedFailure</c>).</summary>
internal sealed record ResolvedFailure(string Mode, uint Percentage, FlagValue Flag);
