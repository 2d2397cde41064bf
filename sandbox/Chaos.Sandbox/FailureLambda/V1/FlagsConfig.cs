namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// The flags that survived parsing, by mode (layer/proxy/src/config.rs <c>FailureFlagsConfig</c>), and their resolution
/// into the failures to consider, in the fixed order of <c>FAILURE_MODE_ORDER</c>.
/// </summary>
internal sealed record FlagsConfig(IReadOnlyDictionary<string, FlagValue> Flags)
{
    /// <summary>Pre-handler modes (the non-terminating first, then statuscode and exception), then corruption after the handler.</summary>
    public static readonly IReadOnlyList<string> ModeOrder = ["latency", "timeout", "diskspace", "denylist", "statuscode", "exception", "corruption"];

    public static readonly FlagsConfig Empty = new(new Dictionary<string, FlagValue>());

    /// <summary>
    /// The enabled flags' modes for the config log line. The proxy lists its HashMap's keys, whose order is random per
    /// process; the sandbox lists them in the mode order instead.
    /// </summary>
    public IReadOnlyList<string> EnabledModes => [.. ModeOrder.Where(m => Flags.TryGetValue(m, out var f) && f.Enabled)];

    /// <summary><c>resolve_failures</c>: the enabled flags in mode order, a missing percentage 100, a larger one 100.</summary>
    public IReadOnlyList<ResolvedFailure> Resolve() =>
        [.. ModeOrder.Where(m => Flags.TryGetValue(m, out var f) && f.Enabled).Select(m => new ResolvedFailure(m, Math.Min(Flags[m].Percentage ?? 100, 100), Flags[m]))];
}
