namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// What the proxy of one execution environment reads and writes: the function's environment variables (as configured
/// now), its config cache, the SSM parameter (through the environment's own client), and its log stream.
/// </summary>
internal sealed record LayerContext(
    IReadOnlyDictionary<string, string> Variables,
    ConfigCache Cache,
    Func<string, CancellationToken, Task<string?>> GetParameter,
    Action<LayerLogLine> Log);
