namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// One feature flag as failure-lambda 1.0.0's layer proxy holds it after parsing (layer/proxy/src/config.rs
/// <c>FlagValue</c>): every field but <c>enabled</c> optional, each mode reading its own with the defaults of
/// layer/proxy/src/failures.rs.
/// </summary>
internal sealed record FlagValue
{
    public bool Enabled { get; init; }

    public uint? Percentage { get; init; }

    public double? MinLatency { get; init; }

    public double? MaxLatency { get; init; }

    public string? ExceptionMsg { get; init; }

    public ushort? StatusCode { get; init; }

    public uint? DiskSpace { get; init; }

    public IReadOnlyList<string>? DenyList { get; init; }

    public double? TimeoutBufferMs { get; init; }

    public string? Body { get; init; }

    public IReadOnlyList<MatchCondition>? Match { get; init; }
}
