using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Aws.Configuration;
using Chaos.Engine.ChaosToolkit;
using Chaos.Engine.Settings;
using Chaos.Engine.Stack;
using Chaos.Engine.SteadyState;
using Chaos.Moto;
using Chaos.Sandbox.CloudWatchFront;
using Microsoft.Extensions.Configuration.Memory;

namespace Chaos.Bench.Measurements;

/// <summary>
/// One steady-state evaluation of the seed's Chaos Toolkit file, <c>experiments/exp_1-minor_delay.json</c>, two ways, in
/// one run against a moto of its own: the harness (the file loaded with its recognised probes evaluated natively: one
/// GetMetricData for the three) against the same probes run the way <c>chaos run</c> runs them (the file loaded with
/// <see cref="ChaosToolkitContext.EvaluateNatively"/> off: each <c>aws</c> probe one <c>/bin/sh -c "aws …"</c> process in
/// the run's copy of the file's folder, its backquoted <c>date</c>s included; chaosaws's <c>get_metric_statistics</c>
/// called in-process, as chaos run calls chaosaws in its own Python). Metrics are put for the last 25 minutes, so every
/// probe of both ways reads a value; CloudWatch is the sandbox's front in front of that moto for both ways (moto answers a
/// metric-math expression, which the workshop's query files hold, with an empty series). Alternated, so both see the same
/// machine; few rounds, to stay light.
/// </summary>
internal static class ChaosToolkitFileCost
{
    public const string Heading = "## 7. A Chaos Toolkit file's steady state";
    private const string Seed = "exp_1-minor_delay.json";
    private const string CloudWatchEndpointVariable = "AWS_ENDPOINT_URL_CLOUDWATCH";

    public sealed record Result(Stats Harness, Stats ChaosRun, int HarnessPrograms, IReadOnlyDictionary<string, int> ChaosRunPrograms, string HarnessValues, string ChaosRunValues, string Aws, string LoadAverage)
    {
        public double Ratio => ChaosRun.Median / Harness.Median;

        public int ChaosRunProgramCount => ChaosRunPrograms.Values.Sum();
    }

    public static async Task<Result> RunAsync(string root, int rounds)
    {
        var experiment = Path.Combine(root, "experiments", Seed);
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "unknown";
        await using var moto = await MotoServer.StartAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        ChaosSettings Stack(Uri? cloudWatchEndpoint) => ChaosSettingsLoader.Load(new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [StackVariables.BucketName] = $"chaos-bucket-{suffix}",
                [StackVariables.TopicName] = $"chaos-csv-topic-{suffix}",
                [StackVariables.FunctionName] = $"ChaosTransformer-{suffix}",
                [StackVariables.CsvQueueName] = $"chaos-csv-work-queue-{suffix}",
                [StackVariables.Region] = "us-east-1",
                [StackVariables.EndpointUrl] = moto.Endpoint.ToString(),
                [CloudWatchEndpointVariable] = cloudWatchEndpoint?.ToString(),
                ["AWS_ACCESS_KEY_ID"] = "testing",
                ["AWS_SECRET_ACCESS_KEY"] = "testing",
            },
        });
        using var motoCloudWatch = ChaosClients.CloudWatch(Stack(null), TimeProvider.System);
        await using var front = await CloudWatchFrontServer.StartAsync(moto.Endpoint, motoCloudWatch, 0, CancellationToken.None);
        var settings = Stack(front.Endpoint);
        using var cloudWatch = ChaosClients.CloudWatch(settings, TimeProvider.System);
        await PutMetricsAsync(cloudWatch, settings);

        var aws = RealAws();
        var work = Directory.CreateTempSubdirectory("chaos-bench-ctk-").FullName;
        var folder = RunFolder.Prepare(experiment, work, settings.Placeholders(), DateTimeOffset.UtcNow);
        var variables = Variables(settings, moto.Endpoint, front.Endpoint, Path.GetDirectoryName(aws)!);
        using var native = Load(experiment, settings, variables, folder, evaluateNatively: true);
        using var processes = Load(experiment, settings, variables, folder, evaluateNatively: false);
        var harnessHypothesis = native.Definition.SteadyStateHypothesis;
        var chaosRunHypothesis = processes.Definition.SteadyStateHypothesis;
        if (harnessHypothesis.Indicators.Count != 3 || chaosRunHypothesis.Probes.Count != 3)
        {
            throw new InvalidOperationException($"the seed's three probes were not loaded as expected: {harnessHypothesis.Indicators.Count} native indicators, {chaosRunHypothesis.Probes.Count} probes run as declared");
        }

        var evaluator = new HypothesisEvaluator(cloudWatch, settings.TimeScale, TimeProvider.System);

        // Warm both (JIT, connections), untimed, and check that every probe of both ways reads a value.
        var harnessValues = Values(await evaluator.EvaluateAsync(harnessHypothesis));
        var chaosRunValues = Values(await evaluator.EvaluateAsync(chaosRunHypothesis));
        var harness = new List<double>();
        var chaosRun = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            var result = await evaluator.EvaluateAsync(harnessHypothesis);
            harness.Add(clock.Elapsed.TotalMilliseconds);
            harnessValues = Values(result);

            clock.Restart();
            result = await evaluator.EvaluateAsync(chaosRunHypothesis);
            chaosRun.Add(clock.Elapsed.TotalMilliseconds);
            chaosRunValues = Values(result);
        }

        // Programs each way starts, counted in one more (untimed) evaluation each, with counting shims for aws and date
        // first on PATH; each process probe's /bin/sh is started by the provider itself, one per probe.
        var counted = await CountProgramsAsync(experiment, settings, variables, folder, evaluator, aws);
        Directory.Delete(work, recursive: true);
        return new Result(Stats.Of(harness), Stats.Of(chaosRun), counted.Harness, counted.ChaosRun, harnessValues, chaosRunValues, aws, load);
    }

    public static string Section(Result result, int rounds)
    {
        ArgumentNullException.ThrowIfNull(result);
        var programs = string.Join(", ", result.ChaosRunPrograms.Where(p => p.Value > 0).Select(p => $"{p.Value} × `{p.Key}`"));
        var text = new StringBuilder();
        text.AppendLine(Heading);
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"`experiments/{Seed}`, unchanged, measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC against a moto of the benchmark's own, with metrics put for the last 25 minutes (every probe of both ways reads a value) and the sandbox's CloudWatch front before it for both ways (moto answers the query files' metric math with nothing). Command: `dotnet run -c Release --project bench/Chaos.Bench -- --ctk`."));
        text.AppendLine();
        text.AppendLine("| way | wall time per evaluation: median (p10–p90) | programs started per evaluation | values read |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| harness: the two `aws cloudwatch get-metric-data` probes and `get_metric_statistics` recognised, one GetMetricData, metric math locally | {result.Harness.Median:0.0} ms ({result.Harness.P10:0.0}–{result.Harness.P90:0.0}, n={result.Harness.Count}) | {result.HarnessPrograms} | {result.HarnessValues} |"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| the way `chaos run` runs them: one `/bin/sh -c \"aws …\"` per `aws` probe in the file's folder, `get_metric_statistics` in-process | {result.ChaosRun.Median:0.0} ms ({result.ChaosRun.P10:0.0}–{result.ChaosRun.P90:0.0}, n={result.ChaosRun.Count}) | {result.ChaosRunProgramCount} ({programs}) | {result.ChaosRunValues} |"));
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"The harness's evaluation is **{result.Ratio:0.#}× faster**, and starts no process. {rounds} alternated rounds after one untimed warm-up each (kept few: the machine may be busy); `aws` is `{result.Aws}`, called directly (not through a version manager's shim). The harness reads the newest complete windows (ending 3 minutes before now), the processes the last 5 minutes; the metrics are flat, so both read the same values. No Python is run: chaos run's own start and its in-process chaosaws call (boto3) are not in its figure, where the harness's native call stands for that call. Load average (1 min) when it started: {result.LoadAverage}."));
        return text.ToString();
    }

    /// <summary>BENCHMARKS.md with this section in place of the one it had (or added at its end).</summary>
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

    // The seed's metrics, one datapoint per minute: 100 messages in, 60 out to the CSV queue, 120 DynamoDB writes (10% in
    // flight), 2 Lambda errors (2% in error), 0 failed SNS notifications.
    private static async Task PutMetricsAsync(Chaos.Aws.CloudWatch.AmazonCloudWatchClient cloudWatch, ChaosSettings settings)
    {
        var now = DateTime.UtcNow;
        var minute = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
        var series = new (string Namespace, string Metric, string Dimension, string Value, double Each)[]
        {
            ("AWS/SQS", "NumberOfMessagesSent", "QueueName", settings.JsonQueueName, 100),
            ("AWS/SQS", "NumberOfMessagesSent", "QueueName", settings.CsvQueueName, 60),
            ("ChaosTransformer", "SymbolWriteCount", "DynamoDBTable", settings.TableName, 120),
            ("AWS/Lambda", "Errors", "FunctionName", settings.FunctionName, 2),
            ("AWS/SNS", "NumberOfNotificationsFailed", "TopicName", settings.TopicName, 0),
        };
        foreach (var group in series.GroupBy(s => s.Namespace))
        {
            await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest
            {
                Namespace = group.Key,
                MetricData =
                [
                    .. group.SelectMany(s => Enumerable.Range(0, 26).Select(k => new MetricDatum
                    {
                        MetricName = s.Metric,
                        Dimensions = [new Dimension { Name = s.Dimension, Value = s.Value }],
                        Timestamp = minute.AddMinutes(-k).AddSeconds(k == 0 ? Math.Min(5, (now - minute).TotalSeconds / 2) : 30),
                        Value = s.Each,
                        Unit = "Count",
                    })),
                ],
            });
        }
    }

    // The probes' environment: this process's, without its AWS set-up, pointed at the benchmark's moto, with the stack's
    // names (the file's configuration reads them) and the real aws first on PATH.
    private static Dictionary<string, string> Variables(ChaosSettings settings, Uri moto, Uri cloudWatch, string awsFolder)
    {
        var variables = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => !((string)e.Key).StartsWith("AWS_", StringComparison.Ordinal))
            .ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? string.Empty, StringComparer.Ordinal);
        foreach (var (name, value) in settings.Placeholders())
        {
            variables[name] = value;
        }

        variables["AWS_ENDPOINT_URL"] = moto.ToString();
        variables[CloudWatchEndpointVariable] = cloudWatch.ToString();
        variables["AWS_ACCESS_KEY_ID"] = "testing";
        variables["AWS_SECRET_ACCESS_KEY"] = "testing";
        variables["AWS_REGION"] = settings.Region;
        variables["AWS_DEFAULT_REGION"] = settings.Region;
        variables["AWS_CONFIG_FILE"] = "/dev/null";
        variables["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        variables["PATH"] = awsFolder + ":" + variables.GetValueOrDefault("PATH", "/usr/bin:/bin");
        return variables;
    }

    private static LoadedExperiment Load(string experiment, ChaosSettings settings, IReadOnlyDictionary<string, string> variables, string folder, bool evaluateNatively) =>
        ChaosToolkitLoader.Load(experiment, new ChaosToolkitContext(settings, variables, folder) { EvaluateNatively = evaluateNatively });

    private static string Values(HypothesisResult result)
    {
        var missing = result.Results.Where(r => r.Value is null).Select(r => $"{r.Name}: {r.NoDataNote ?? r.Output ?? "no data"}").ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("a probe read no value, so the comparison would be unfair: " + string.Join("; ", missing));
        }

        return string.Join(", ", result.Results.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name} {r.Value:0.##}")));
    }

    private static async Task<(int Harness, IReadOnlyDictionary<string, int> ChaosRun)> CountProgramsAsync(
        string experiment, ChaosSettings settings, Dictionary<string, string> variables, string folder, HypothesisEvaluator evaluator, string aws)
    {
        var shims = Directory.CreateTempSubdirectory("chaos-bench-shims-").FullName;
        var log = Path.Combine(shims, "started.log");
        var date = Which("date", variables["PATH"]) ?? "/usr/bin/date";
        foreach (var (name, real) in new[] { ("aws", aws), ("date", date) })
        {
            var shim = Path.Combine(shims, name);
            await File.WriteAllTextAsync(shim, $"#!/bin/sh\necho {name} >> '{log}'\nexec '{real}' \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var counting = new Dictionary<string, string>(variables, StringComparer.Ordinal) { ["PATH"] = shims + ":" + variables["PATH"] };
        async Task<Dictionary<string, int>> CountAsync(bool evaluateNatively)
        {
            File.WriteAllText(log, string.Empty);
            using var loaded = Load(experiment, settings, counting, folder, evaluateNatively);
            var hypothesis = loaded.Definition.SteadyStateHypothesis;
            Values(await evaluator.EvaluateAsync(hypothesis));
            var started = File.ReadAllLines(log).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var shells = hypothesis.Probes.Count(p => IsProcess(experiment, p.Name));
            return new Dictionary<string, int>(StringComparer.Ordinal) { ["/bin/sh"] = shells, ["aws"] = started.GetValueOrDefault("aws"), ["date"] = started.GetValueOrDefault("date") };
        }

        var harness = await CountAsync(evaluateNatively: true);
        var chaosRun = await CountAsync(evaluateNatively: false);
        Directory.Delete(shims, recursive: true);
        return (harness.Values.Sum(), chaosRun);
    }

    // Whether the file declares the steady-state probe named so with a process provider (each run is one /bin/sh).
    private static bool IsProcess(string experiment, string name) =>
        ExperimentDocument.Read(experiment)["steady-state-hypothesis"]?["probes"]?.AsArray()
            .Any(p => p?["name"]?.ToString() == name && p["provider"]?["type"]?.ToString() == "process") ?? false;

    // The aws CLI itself: behind pyenv's shim (a bash script that starts pyenv, then Python), the real one it runs.
    private static string RealAws()
    {
        var found = Which("aws", Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            ?? throw new InvalidOperationException("the aws CLI is not on PATH: the comparison runs it");
        if (!File.ReadLines(found).Take(20).Any(l => l.Contains("pyenv", StringComparison.Ordinal)))
        {
            return found;
        }

        using var pyenv = Process.Start(new ProcessStartInfo("pyenv", "which aws") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var real = pyenv.StandardOutput.ReadToEnd().Trim();
        pyenv.WaitForExit();
        return pyenv.ExitCode == 0 && File.Exists(real) ? real : found;
    }

    private static string? Which(string name, string path) =>
        path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
