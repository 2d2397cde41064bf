namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// What the proxy does around one invocation: the pre-handler failures that fired, in order, ending at the first
/// terminating one (statuscode, exception), and the corruption flags to roll once the handler has responded.
/// </summary>
internal sealed record LayerPlan(IReadOnlyList<FiredFailure> PreHandler, IReadOnlyList<ResolvedFailure> PostHandler)
{
    public static readonly LayerPlan None = new([], []);

    /// <summary>A statuscode or exception ends the invocation without the handler.</summary>
    public FiredFailure? Terminating => PreHandler.LastOrDefault(f => f.Mode is "statuscode" or "exception");
}
