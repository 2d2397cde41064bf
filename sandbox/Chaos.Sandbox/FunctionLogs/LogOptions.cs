namespace Chaos.Sandbox.FunctionLogs;

/// <summary>
/// How the function's logs are kept, in AWS time. Moto keeps every event in memory and never expires any, so the sandbox
/// bounds them itself: an execution environment is recycled after <see cref="EnvironmentLifetime"/> (Lambda recycles its
/// environments after some hours; the sandbox sooner), its stream is no longer written, and a stream whose last event is
/// older than <see cref="Retention"/> is deleted. The log group itself carries a 1-day retention policy, AWS's shortest.
/// </summary>
internal sealed record LogOptions
{
    public TimeSpan EnvironmentLifetime { get; init; } = TimeSpan.FromMinutes(60);

    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>How often buffered events are sent (sandbox time).</summary>
    public TimeSpan FlushEvery { get; init; } = TimeSpan.FromSeconds(1);
}
