using Chaos.Sandbox.Handler;

namespace Chaos.Sandbox.Cli;

/// <summary>The sandbox's command line, validated.</summary>
internal sealed record SandboxOptions
{
    /// <summary>Chosen from measurements on a 2-core machine (see README): the pipeline keeps up with headroom.</summary>
    public const double DefaultTimeScale = 10;

    public required string EnvFile { get; init; }

    public double TimeScale { get; init; } = DefaultTimeScale;

    /// <summary>The function's Timeout in AWS seconds (3 in the workshop).</summary>
    public int LambdaTimeoutSeconds { get; init; } = 3;

    public HandlerMode Handler { get; init; } = HandlerMode.FireAndForget;

    /// <summary>Objects per AWS second (2 in the workshop); multiplied by the time scale.</summary>
    public double LoadRate { get; init; } = 2;

    public int Port { get; init; }

    /// <summary>Every n-th published object is malformed JSON (100 as in the workshop; 0: none).</summary>
    public int MalformedEvery { get; init; } = Load.Publisher.DefaultMalformedEvery;

    public int Concurrency { get; init; } = 10;

    /// <summary>The sandbox stops by itself after this long, so a forgotten one does not run for ever.</summary>
    public double MaxMinutes { get; init; } = 240;
}
