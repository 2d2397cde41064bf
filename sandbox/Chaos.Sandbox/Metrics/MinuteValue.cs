namespace Chaos.Sandbox.Metrics;

/// <summary>
/// What one metric recorded in one minute: a sum of counts, a maximum, a distribution (count, sum, minimum, maximum)
/// or a sampled gauge — the way each AWS service metric is aggregated before it is published.
/// </summary>
internal sealed class MinuteValue(MinuteAggregation kind)
{
    public MinuteAggregation Kind => kind;

    public double SampleCount { get; private set; }

    public double Sum { get; private set; }

    public double Minimum { get; private set; } = double.MaxValue;

    public double Maximum { get; private set; } = double.MinValue;

    public double Last { get; private set; }

    public void Add(double value)
    {
        SampleCount++;
        Sum += value;
        Minimum = Math.Min(Minimum, value);
        Maximum = Math.Max(Maximum, value);
        Last = value;
    }
}
