using System.Globalization;

namespace Chaos.Sandbox.Metrics;

/// <summary>How long after its minute ends a namespace's datapoint becomes visible in CloudWatch (AWS time): a delay and a jitter.</summary>
internal sealed record PublicationDelay(TimeSpan Delay, TimeSpan Jitter)
{
    public static PublicationDelay None { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Delay.TotalSeconds:0.#} s ± {Jitter.TotalSeconds:0.#} s");
}
