using System.Globalization;

namespace Chaos.Bench;

/// <summary>Median and spread (10th and 90th percentiles) of a set of timings.</summary>
internal sealed record Stats(double Median, double P10, double P90, int Count)
{
    public static Stats Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];
        return new Stats(At(0.5), At(0.1), At(0.9), sorted.Length);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Median:0.0} ms (p10 {P10:0.0}, p90 {P90:0.0}, n={Count})");
}
