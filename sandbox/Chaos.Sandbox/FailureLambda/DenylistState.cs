using System.Text.RegularExpressions;

namespace Chaos.Sandbox.FailureLambda;

/// <summary>
/// The denylist of one execution environment. Sticky as in 0.4.x: once an invocation enabled it, later invocations in
/// the same warm environment stay blocked whatever their own draw, until the parameter is disabled or its mode changes.
/// </summary>
internal sealed class DenylistState
{
    private volatile IReadOnlyList<Regex> patterns = [];

    public bool IsActive => patterns.Count > 0;

    public void Block(IReadOnlyList<Regex> blocked) => patterns = blocked;

    /// <summary>Called with every configuration read: a disabled parameter or another mode lifts the block.</summary>
    public void Observe(FailureLambdaConfig config)
    {
        if (!config.IsEnabled || config.FailureMode != "denylist")
        {
            patterns = [];
        }
    }

    /// <summary>Raised with the host of each connection the block ends (failure-lambda logs "Intercepted network connection to …").</summary>
    public event Action<string>? Intercepted;

    public bool Blocks(string host)
    {
        var blocked = patterns.Any(p => p.IsMatch(host));
        if (blocked)
        {
            Intercepted?.Invoke(host);
        }

        return blocked;
    }
}
