using Chaos.Sandbox.Handler;

namespace Chaos.Sandbox.FunctionHost;

/// <summary>How the function host runs: concurrency limit (= event-source pollers), handler mode, time scale.</summary>
internal sealed record LambdaHostOptions(int Concurrency, HandlerMode Handler, TimeScale Scale)
{
    /// <summary>Long-polling wait of the event-source mapping (sandbox time; 20 s is SQS's maximum).</summary>
    public int PollWaitSeconds { get; init; } = 5;

    /// <summary>How long an execution environment serves before it is recycled (AWS time; see FunctionLogs/LogOptions).</summary>
    public TimeSpan EnvironmentLifetime { get; init; } = TimeSpan.FromMinutes(60);
}
