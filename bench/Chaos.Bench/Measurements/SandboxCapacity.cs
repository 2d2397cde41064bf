using Amazon.S3;
using Amazon.SQS;
using Chaos.Aws.Configuration;
using Chaos.Engine.SteadyState;
using Chaos.Sandbox.Accounting;
using Chaos.Sandbox.Cli;

namespace Chaos.Bench.Measurements;

/// <summary>
/// What the sandbox sustains: at each load rate (objects per AWS second, at the default time scale, no malformed
/// objects) one window of no-fault load, then the error rate, whether anything was lost or is piling up, and the CPU and
/// memory of the sandbox and moto over that window.
/// </summary>
internal static class SandboxCapacity
{
    /// <param name="AchievedPerSecond">Input objects that reached the bucket per real second over the measured window,
    /// counted through S3: the publisher never bursts to catch up, so an overloaded sandbox shows here, not as loss.</param>
    public sealed record Row(double Rate, double ObjectsPerSecond, double AchievedPerSecond, double? ErrorPercent, long Backlog, long Unaccounted, double SandboxCpuPercent, double MotoCpuPercent, double SandboxRssMiB, double MotoRssMiB)
    {
        public bool Sustained => AchievedPerSecond >= ObjectsPerSecond * 0.95 && ErrorPercent is <= 1 && Unaccounted == 0 && Backlog <= ObjectsPerSecond * 2;
    }

    /// <summary>Steps through the rates in order and stops after the first one that is not sustained.</summary>
    public static async Task<List<Row>> RunAsync(IEnumerable<double> rates, TextWriter log)
    {
        var rows = new List<Row>();
        foreach (var rate in rates)
        {
            var row = await MeasureAsync(rate, log);
            rows.Add(row);
            if (!row.Sustained)
            {
                break;
            }
        }

        return rows;
    }

    private static async Task<Row> MeasureAsync(double rate, TextWriter log)
    {
        var folder = Directory.CreateTempSubdirectory("chaos-bench-capacity-").FullName;
        using var stop = new CancellationTokenSource();
        var runner = new SandboxRunner(log);
        var run = runner.RunAsync(new SandboxOptions { EnvFile = Path.Combine(folder, "env.sh"), LoadRate = rate, MalformedShare = 0 }, stop.Token);
        try
        {
            var envFile = await runner.Ready.WaitAsync(TimeSpan.FromMinutes(2));
            var settings = BenchContext.Load(envFile);
            var endpoint = settings.Endpoints[StackVariables.EndpointUrl].ToString();
            using var s3 = new AmazonS3Client(BenchContext.Credentials, new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = settings.Region });
            using var sqs = new AmazonSQSClient(BenchContext.Credentials, new AmazonSQSConfig { ServiceURL = endpoint, AuthenticationRegion = settings.Region });
            var window = settings.Scale(TimeSpan.FromSeconds(300));
            await Task.Delay(window); // warm: a full window of load
            var inputsAtStart = await PipelineTally.CountInputsAsync(s3, settings.BucketName, CancellationToken.None);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var moto = runner.MotoProcessIds.SelectMany(ProcessStats.Tree).ToList();
            var self = Environment.ProcessId;
            var cpuSelf = ProcessStats.CpuSeconds([self]);
            var cpuMoto = ProcessStats.CpuSeconds(moto);
            var rssSelf = 0.0;
            var rssMoto = 0.0;
            while (started.Elapsed < window)
            {
                rssSelf = Math.Max(rssSelf, ProcessStats.RssMiB([self]));
                rssMoto = Math.Max(rssMoto, ProcessStats.RssMiB(moto));
                await Task.Delay(1000);
            }

            var seconds = started.Elapsed.TotalSeconds;
            var sandboxCpu = (ProcessStats.CpuSeconds([self]) - cpuSelf) / seconds * 100;
            var motoCpu = (ProcessStats.CpuSeconds(moto) - cpuMoto) / seconds * 100;
            var achieved = (await PipelineTally.CountInputsAsync(s3, settings.BucketName, CancellationToken.None) - inputsAtStart) / started.Elapsed.TotalSeconds;
            using var cloudWatch = new Chaos.Aws.CloudWatch.AmazonCloudWatchClient(new Chaos.Aws.CloudWatch.AmazonCloudWatchConfig { ServiceURL = endpoint, Region = settings.Region }, BenchContext.Credentials);
            var result = await new HypothesisEvaluator(cloudWatch, settings.TimeScale, TimeProvider.System).EvaluateAsync(new Hypothesis("capacity", [PipelineIndicators.PercentInError(settings)]));
            var tally = await PipelineTally.CountAsync(s3, sqs, settings.BucketName, settings.JsonQueueName, settings.ErrorQueueName, CancellationToken.None);
            return new Row(rate, rate * settings.TimeScale, achieved, result.Results[0].Value, tally.InFlight, tally.Lost, sandboxCpu, motoCpu, rssSelf, rssMoto);
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }
}
