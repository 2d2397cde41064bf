using BenchmarkDotNet.Attributes;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Aws.MetricMath;
using Chaos.Engine.Settings;
using Chaos.Engine.SteadyState;
using Microsoft.Extensions.Configuration.Memory;

namespace Chaos.Bench;

/// <summary>
/// BenchmarkDotNet where it fits: the local part of a steady-state evaluation (the seed's metric math over the raw
/// series one GetMetricData call returns), with no network, so its cost is known apart from the call.
/// </summary>
[MemoryDiagnoser]
[SimpleJob]
public class MetricMathBenchmarks
{
    private List<MetricDataQuery> inFlight = [];
    private List<MetricDataQuery> inError = [];
    private List<MetricDataResult> raw = [];

    [GlobalSetup]
    public void Setup()
    {
        var settings = ChaosSettingsLoader.Load(new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["S3_BUCKET_NAME"] = "chaos-bucket-b1",
                ["SNS_TOPIC_NAME"] = "t",
                ["LAMBDA_FUNCTION_NAME"] = "f",
                ["SQS_QUEUE_NAME"] = "q",
                ["AWS_REGION"] = "us-east-1",
            },
        });
        inFlight = [.. PipelineIndicators.PercentInFlight(settings).Queries];
        inError = [.. PipelineIndicators.PercentInError(settings).Queries];
        var at = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);
        MetricDataResult Series(string id, double value) => new() { Id = id, Timestamps = [at], Values = [value] };
        raw = [Series("sqsInMsgCount", 600), Series("sqsOutMsgCount", 594), Series("ddbWriteCount", 594), Series("lambdaErrors", 18)];
    }

    [Benchmark]
    public double? SeedMetricMath() =>
        MetricMathEvaluator.Evaluate(inFlight, raw)["pctFlight"].Latest + MetricMathEvaluator.Evaluate(inError, raw)["pctError"].Latest;
}
