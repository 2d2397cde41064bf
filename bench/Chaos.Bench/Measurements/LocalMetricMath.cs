using System.Globalization;
using System.Text;
using BenchmarkDotNet.Running;

namespace Chaos.Bench.Measurements;

/// <summary>
/// The BenchmarkDotNet part: the local metric math of one evaluation (<see cref="MetricMathBenchmarks"/>), reported as
/// section 6 of BENCHMARKS.md. With <c>--bdn</c> alone it replaces that section in the file of the last full run, so
/// the figures of one run stay together.
/// </summary>
internal static class LocalMetricMath
{
    public const string Heading = "## 6. Local metric math (BenchmarkDotNet)";

    public static string Run()
    {
        var summary = BenchmarkRunner.Run<MetricMathBenchmarks>();
        var text = new StringBuilder();
        text.AppendLine(Heading).AppendLine();
        text.AppendLine("| benchmark | mean | error (99.9%) | allocated per evaluation |\n|---|---|---|---|");
        foreach (var report in summary.Reports)
        {
            var statistics = report.ResultStatistics;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            text.AppendLine(statistics is null
                ? $"| {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} | failed: see BenchmarkDotNet.Artifacts | | |"
                : string.Create(CultureInfo.InvariantCulture, $"| {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} (the seed's two expressions over four series) | {statistics.Mean / 1000:0.00} µs | ±{statistics.ConfidenceInterval.Margin / 1000:0.00} µs | {allocated} B |"));
        }

        text.AppendLine().AppendLine("BenchmarkDotNet's default job (its pilot picks the iteration count); the rest of an evaluation's wall time (section 1) is the one GetMetricData call and its signing.");
        return text.ToString();
    }

    /// <summary>Puts <paramref name="section"/> in place of section 6 of <paramref name="report"/> (or at its end), keeping the sections after it.</summary>
    public static string Replace(string report, string section)
    {
        ArgumentNullException.ThrowIfNull(report);
        var at = report.IndexOf(Heading, StringComparison.Ordinal);
        if (at < 0)
        {
            return report.TrimEnd() + "\n\n" + section;
        }

        var next = report.IndexOf("\n## ", at + Heading.Length, StringComparison.Ordinal);
        return report[..at] + section + (next < 0 ? string.Empty : "\n" + report[(next + 1)..]);
    }
}
