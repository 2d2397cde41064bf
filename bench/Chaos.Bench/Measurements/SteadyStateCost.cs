using System.Diagnostics;
using System.Globalization;
using Chaos.Engine.SteadyState;

namespace Chaos.Bench.Measurements;

/// <summary>
/// One steady-state evaluation of the seed's three indicators: the harness (one GetMetricData call, metric math
/// locally) against the workshop's way (Chaos Toolkit running two <c>aws cloudwatch get-metric-data</c> processes and
/// one <c>get-metric-statistics</c> call, one after another). Alternated, so both see the same machine.
/// </summary>
internal static class SteadyStateCost
{
    public sealed record Result(Stats Harness, double HarnessRequests, Stats Workshop, double WorkshopRequests)
    {
        public double Speedup => Workshop.Median / Harness.Median;
    }

    public static async Task<Result> RunAsync(BenchContext context, int rounds, int harnessPerRound)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var hypothesis = PipelineIndicators.SystemOperatingWithinNorms(settings);
        using var cloudWatch = context.CloudWatch();
        var evaluator = new HypothesisEvaluator(cloudWatch, settings.TimeScale, TimeProvider.System);
        var folder = Directory.CreateTempSubdirectory("chaos-bench-queries-").FullName;
        var flight = Path.Combine(folder, "steadyStateFlight.json");
        var error = Path.Combine(folder, "steadyStateError.json");
        await File.WriteAllTextAsync(flight, QueryFile(PipelineIndicators.PercentInFlight(settings), "pctFlight"));
        await File.WriteAllTextAsync(error, QueryFile(PipelineIndicators.PercentInError(settings), "pctError"));

        await evaluator.EvaluateAsync(hypothesis); // warm the client (JIT, connection) as a long-running fixture is
        var harness = new List<double>();
        var workshop = new List<double>();
        long harnessRequests = 0, workshopRequests = 0;
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < harnessPerRound; i++)
            {
                var before = context.Proxy.Requests;
                var clock = Stopwatch.StartNew();
                await evaluator.EvaluateAsync(hypothesis);
                harness.Add(clock.Elapsed.TotalMilliseconds);
                harnessRequests += context.Proxy.Requests - before;
            }

            var start = context.Proxy.Requests;
            var watch = Stopwatch.StartNew();
            await WorkshopProbesAsync(context, flight, error);
            workshop.Add(watch.Elapsed.TotalMilliseconds);
            workshopRequests += context.Proxy.Requests - start;
        }

        return new Result(Stats.Of(harness), (double)harnessRequests / harness.Count, Stats.Of(workshop), (double)workshopRequests / workshop.Count);
    }

    private static async Task WorkshopProbesAsync(BenchContext context, string flight, string error)
    {
        var end = DateTime.UtcNow;
        var start = end.AddMinutes(-5);
        string Time(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await Aws(context, "cloudwatch", "get-metric-statistics", "--namespace", "AWS/SNS", "--metric-name", "NumberOfNotificationsFailed",
            "--dimensions", $"Name=TopicName,Value={context.Settings.TopicName}", "--statistics", "Sum", "--period", "900",
            "--start-time", Time(end.AddSeconds(-900)), "--end-time", Time(end));
        await Aws(context, "cloudwatch", "get-metric-data", "--metric-data-queries", $"file://{flight}", "--start-time", Time(start), "--end-time", Time(end), "--query", "MetricDataResults[0].Values[0]");
        await Aws(context, "cloudwatch", "get-metric-data", "--metric-data-queries", $"file://{error}", "--start-time", Time(start), "--end-time", Time(end), "--query", "MetricDataResults[0].Values[0]");
    }

    private static async Task Aws(BenchContext context, params string[] arguments)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(context.Proxy.Endpoint.ToString());
        start.ArgumentList.Add("--region");
        start.ArgumentList.Add(context.Settings.Region);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)}: {await error}{await output}");
        }
    }

    // The workshop's query file: the expression first (its result is MetricDataResults[0]), then the metrics.
    private static string QueryFile(Indicator indicator, string resultId) =>
        System.Text.Json.JsonSerializer.Serialize(indicator.Queries.OrderBy(q => q.Id == resultId ? 0 : 1).Select(q => q.Expression is { } e
            ? (object)new { q.Id, Expression = e, q.Label }
            : new { q.Id, MetricStat = new { Metric = new { q.MetricStat!.Metric.Namespace, q.MetricStat.Metric.MetricName, Dimensions = q.MetricStat.Metric.Dimensions.Select(d => new { d.Name, d.Value }) }, q.MetricStat.Period, q.MetricStat.Stat, q.MetricStat.Unit }, ReturnData = false }));
}
