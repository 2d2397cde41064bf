namespace Chaos.Sandbox;

/// <summary>
/// Compresses AWS time into sandbox time: every duration is divided by <see cref="Factor"/> and every rate
/// multiplied by it, so the counts an indicator sees per (scaled) window stay as on AWS.
/// </summary>
internal sealed record TimeScale(double Factor)
{
    public static readonly TimeScale None = new(1);

    public TimeSpan Scale(TimeSpan awsDuration) => awsDuration / Factor;

    public TimeSpan ScaleSeconds(double awsSeconds) => TimeSpan.FromSeconds(awsSeconds / Factor);

    public double ScaleRate(double awsPerSecond) => awsPerSecond * Factor;

    /// <summary>A sandbox duration expressed in AWS-equivalent time (what the metrics report).</summary>
    public TimeSpan ToAws(TimeSpan sandboxDuration) => sandboxDuration * Factor;
}
