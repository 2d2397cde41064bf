using Chaos.Sandbox.FailureLambda;
using Chaos.Sandbox.Handler;

namespace Chaos.Sandbox.Cli;

/// <summary>The sandbox's command line, validated.</summary>
internal sealed record SandboxOptions
{
    /// <summary>
    /// Chosen from measurements on a 2-core machine (README, "The sandbox"): at 5 the workshop's 2 objects per AWS second
    /// are 10 per second here, which the two motos carry with headroom; at 10 the busier moto saturates its core.
    /// </summary>
    public const double DefaultTimeScale = 5;

    public required string EnvFile { get; init; }

    public double TimeScale { get; init; } = DefaultTimeScale;

    /// <summary>The function's Timeout in AWS seconds (3 in the workshop).</summary>
    public int LambdaTimeoutSeconds { get; init; } = 3;

    public HandlerMode Handler { get; init; } = HandlerMode.FireAndForget;

    /// <summary>Which failure-lambda wraps the function: 0.4.4 in its code (the workshop's) or 1.0.0's layer.</summary>
    public FailureLambdaVersion FailureLambda { get; init; } = FailureLambdaVersion.V04;

    /// <summary>With 1.x, the function's <c>FAILURE_CACHE_TTL</c> in AWS seconds; null leaves it unset (60 s, the layer's default).</summary>
    public double? FailureCacheTtlSeconds { get; init; }

    /// <summary>Objects per AWS second (2 in the workshop); multiplied by the time scale.</summary>
    public double LoadRate { get; init; } = 2;

    public int Port { get; init; }

    /// <summary>The share of published objects that are malformed JSON, drawn at random (0.01 as in the workshop; 0: none).</summary>
    public double MalformedShare { get; init; } = Load.Publisher.DefaultMalformedShare;

    /// <summary>The seed of every random draw (workload, failure-lambda, metric jitter); null: a new one, printed at start.</summary>
    public int? Seed { get; init; }

    /// <summary>When each namespace's service metrics reach CloudWatch (AWS time).</summary>
    public Metrics.PublicationDelays MetricDelays { get; init; } = Metrics.PublicationDelays.Default;

    /// <summary>How the function's logs are kept (AWS time).</summary>
    public FunctionLogs.LogOptions Logs { get; init; } = new();

    public int Concurrency { get; init; } = 10;

    /// <summary>The sandbox stops by itself after this long, so a forgotten one does not run for ever.</summary>
    public double MaxMinutes { get; init; } = 240;
}
