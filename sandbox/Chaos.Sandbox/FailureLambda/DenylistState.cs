using System.Text.RegularExpressions;

namespace Chaos.Sandbox.FailureLambda;

/// <summary>
/// The denylist of one execution environment. 0.4.x's (<see cref="Block"/>) is sticky: once an invocation enabled it,
/// later invocations in the same warm environment stay blocked whatever their own draw, until the parameter is disabled
/// or its mode changes; it ends connections, logging each. 1.x's (<see cref="BlockLookups"/>) fails DNS lookups
/// (ENOTFOUND) silently and is lifted after the invocation and before the next (layer/proxy/src/proxy.rs).
/// </summary>
internal sealed class DenylistState
{
    private volatile Blocking current = new([], ByLookup: false);

    public bool IsActive => current.Patterns.Count > 0;

    /// <summary>Whether the block is 1.x's, on DNS lookups.</summary>
    public bool ByLookup => current.ByLookup;

    public void Block(IReadOnlyList<Regex> blocked) => current = new(blocked, ByLookup: false);

    public void BlockLookups(IReadOnlyList<Regex> blocked) => current = new(blocked, ByLookup: true);

    /// <summary>Called with every configuration read: a disabled parameter or another mode lifts the block.</summary>
    public void Observe(FailureLambdaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.IsEnabled || config.FailureMode != "denylist")
        {
            current = new([], ByLookup: false);
        }
    }

    /// <summary>Raised with the host of each connection 0.4.x's block ends (it logs "Intercepted network connection to …"; 1.x logs nothing).</summary>
    public event Action<string>? Intercepted;

    public bool Blocks(string host)
    {
        var blocking = current;
        var blocked = blocking.Patterns.Any(p => p.IsMatch(host));
        if (blocked && !blocking.ByLookup)
        {
            Intercepted?.Invoke(host);
        }

        return blocked;
    }

    private sealed record Blocking(IReadOnlyList<Regex> Patterns, bool ByLookup);
}
