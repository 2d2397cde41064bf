namespace Chaos.Sandbox.Metrics;

/// <summary>
/// CloudWatch's one-minute grain in sandbox time: a minute of AWS time lasts 60 s divided by the time scale, and buckets
/// are aligned on the epoch, so every sandbox minute starts at a multiple of its length (as AWS's minutes start at :00).
/// </summary>
internal sealed record MetricMinute(TimeSpan Length)
{
    public static MetricMinute For(TimeScale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return new(scale.ScaleSeconds(60));
    }

    /// <summary>The start of the minute <paramref name="at"/> falls in.</summary>
    public DateTime StartOf(DateTime at) => new(at.Ticks - (at.Ticks % Length.Ticks), DateTimeKind.Utc);
}
