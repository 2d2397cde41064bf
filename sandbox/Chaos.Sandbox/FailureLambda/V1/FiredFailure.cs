namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>A flag whose match held and whose roll fell under its percentage; for latency, the delay drawn (AWS time).</summary>
internal sealed record FiredFailure(ResolvedFailure Failure, TimeSpan? Latency = null)
{
    public string Mode => Failure.Mode;

    public FlagValue Flag => Failure.Flag;
}
