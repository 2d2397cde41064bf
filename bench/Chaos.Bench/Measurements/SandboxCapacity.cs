using Amazon.S3;
using Amazon.SQS;
using Chaos.Fixtures.SteadyState;
using Chaos.Sandbox.Accounting;
using Chaos.Sandbox.Cli;

namespace Chaos.Bench.Measurements;

/// <summary>
/// What the sandbox sustains: at each load rate (objects per AWS second, at the default time scale, no malformed
/// objects) one window of no-fault load, then the error rate, whether anything was lost or is piling up, and the CPU and
/// memory of the sandbox and moto over that window.
/// </summary>
public static class SandboxCapacity
{
    public sealed record Row(double Rate, double ObjectsPerSecond, double? ErrorPercent, long Backlog, long Unaccounted, double SandboxCpuPercent, double MotoCpuPercent, double SandboxRssMiB, double MotoRssMiB)
    {
        public bool Sustained => ErrorPercent is <= 1 && Unaccounted == 0 && Backlog <= ObjectsPerSecond * 2;
    }

    public static async Task<List<Row>> RunAsync(IEnumerable<double> rates, TextWriter log)
    {
        var rows = new List<Row>();
        foreach (var rate in rates)
        {
            rows.Add(await MeasureAsync(rate, log));
        }

        return rows;
    }

    private static async Task<Row> MeasureAsync(double rate, TextWriter log)
    {
        var folder = Directory.CreateTempSubdirectory("chaos-bench-capacity-").FullName;
        using var stop = new CancellationTokenSource();
        var runner = new SandboxRunner(log);
        var run = runner.RunAsync(new SandboxOptions { EnvFile = Path.Combine(folder, "env.sh"), LoadRate = rate, MalformedEvery = 0 }, stop.Token);
        try
        {
            var envFile = await runner.Ready.WaitAsync(TimeSpan.FromMinutes(2));
            var settings = BenchContext.Load(envFile);
            var window = settings.Scale(TimeSpan.FromSeconds(300));
            await Task.Delay(window); // warm: a full window of load
            var moto = ProcessStats.Tree(runner.MotoProcessId!.Value);
            var self = Environment.ProcessId;
            var cpuSelf = ProcessStats.CpuSeconds([self]);
            var cpuMoto = ProcessStats.CpuSeconds(moto);
            var rssSelf = 0.0;
            var rssMoto = 0.0;
            var end = DateTime.UtcNow + window;
            while (DateTime.UtcNow < end)
            {
                rssSelf = Math.Max(rssSelf, ProcessStats.RssMiB([self]));
                rssMoto = Math.Max(rssMoto, ProcessStats.RssMiB(moto));
                await Task.Delay(1000);
            }

            var seconds = window.TotalSeconds;
            var sandboxCpu = (ProcessStats.CpuSeconds([self]) - cpuSelf) / seconds * 100;
            var motoCpu = (ProcessStats.CpuSeconds(moto) - cpuMoto) / seconds * 100;
            var endpoint = settings.Endpoints[Chaos.Fixtures.Settings.SettingNames.EndpointUrl].ToString();
            using var cloudWatch = new Chaos.Fixtures.CloudWatch.AmazonCloudWatchClient(new Chaos.Fixtures.CloudWatch.AmazonCloudWatchConfig { ServiceURL = endpoint, Region = settings.Region }, BenchContext.Credentials);
            var result = await new HypothesisEvaluator(cloudWatch, settings.TimeScale).EvaluateAsync(new Hypothesis("capacity", [PipelineIndicators.PercentInError(settings)]));
            var (backlog, unaccounted) = await AccountAsync(settings, endpoint);
            return new Row(rate, rate * settings.TimeScale, result.Results[0].Value, backlog, unaccounted, sandboxCpu, motoCpu, rssSelf, rssMoto);
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    // Backlog: messages still in the JSON queue; loss: inputs that are nowhere (PipelineTally explains the counting order).
    private static async Task<(long Backlog, long Unaccounted)> AccountAsync(Chaos.Fixtures.Settings.ChaosSettings settings, string endpoint)
    {
        using var s3 = new AmazonS3Client(BenchContext.Credentials, new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = settings.Region });
        using var sqs = new AmazonSQSClient(BenchContext.Credentials, new AmazonSQSConfig { ServiceURL = endpoint, AuthenticationRegion = settings.Region });
        var tally = await PipelineTally.CountAsync(s3, sqs, settings.BucketName, settings.JsonQueueName, settings.ErrorQueueName, CancellationToken.None);
        return (tally.InFlight, tally.Lost);
    }
}
