using Chaos.Aws.CloudWatch.Model;

namespace Chaos.Sandbox.Metrics;

/// <summary>
/// Collects service metrics into one-minute buckets (sandbox time) and hands over each bucket once its minute is over,
/// as the datapoints CloudWatch would receive for it: one per metric and minute, stamped with the minute's start.
/// </summary>
internal sealed class MetricAggregator(MetricMinute minute)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(MetricKey Key, DateTime Minute), MinuteValue> open = [];

    public MetricMinute Minute => minute;

    public void Record(MetricKey key, MinuteAggregation kind, DateTime at, double value)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            var slot = (key, minute.StartOf(at));
            if (!open.TryGetValue(slot, out var bucket))
            {
                bucket = new MinuteValue(kind);
                open[slot] = bucket;
            }

            bucket.Add(value);
        }
    }

    /// <summary>Makes sure <paramref name="key"/> has a datapoint for the minute of <paramref name="at"/> (0 if nothing happened).</summary>
    public void Touch(MetricKey key, DateTime at) => Record(key, MinuteAggregation.Sum, at, 0);

    /// <summary>The datapoints of every minute that ended at or before <paramref name="now"/>, removed from the open set.</summary>
    public List<(DateTime Minute, string Namespace, MetricDatum Datum)> TakeClosed(DateTime now)
    {
        lock (gate)
        {
            var closed = open.Where(e => e.Key.Minute + minute.Length <= now).ToList();
            foreach (var entry in closed)
            {
                open.Remove(entry.Key);
            }

            return [.. closed.Select(e => (e.Key.Minute, e.Key.Key.Namespace, Datum(e.Key.Key, e.Key.Minute, e.Value)))];
        }
    }

    private static MetricDatum Datum(MetricKey key, DateTime at, MinuteValue value)
    {
        var datum = new MetricDatum { MetricName = key.Name, Dimensions = [new Dimension { Name = key.DimensionName, Value = key.DimensionValue }], Timestamp = at, Unit = key.Unit };
        switch (value.Kind)
        {
            case MinuteAggregation.Distribution:
                datum.StatisticValues = new StatisticSet { SampleCount = value.SampleCount, Sum = value.Sum, Minimum = value.Minimum, Maximum = value.Maximum };
                break;
            case MinuteAggregation.Maximum:
                datum.Value = value.Maximum;
                break;
            case MinuteAggregation.Gauge:
                datum.Value = value.Last;
                break;
            default:
                datum.Value = value.Sum;
                break;
        }

        return datum;
    }
}
