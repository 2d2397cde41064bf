using Amazon.SQS;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Aws.CloudWatch;
using Chaos.Aws.Configuration;
using Chaos.Aws.Endpoints;
using Chaos.Engine.Settings;
using Chaos.Engine.Stack;
using Chaos.Engine.SteadyState;
using Chaos.Sandbox.Cli;
using Chaos.Sandbox.Handler;
using Chaos.Sandbox.Metrics;
using Microsoft.Extensions.Configuration.Memory;

namespace Chaos.Sandbox.Tests.Infrastructure;

/// <summary>
/// A running sandbox for a collection of tests: started in-process at its default time scale, read back through its env
/// file exactly as the harness reads it, warm (a full window of load has flowed and the seed's hypothesis holds), always
/// stopped. These tests are about the pipeline's physics — what each fault does — so the service metrics are published
/// when each minute closes (no publication delay: <see cref="PublicationDelays.Immediate"/>) and windows end a minute
/// before now; the delays themselves are tested on their own (Metrics/), and end to end through ./run-chaos.sh.
/// </summary>
public abstract class SandboxFixture : IAsyncLifetime
{
    public const double Scale = SandboxOptions.DefaultTimeScale;

    /// <summary>A fixed seed: the same workload draws every run (the timing still varies, as on AWS).</summary>
    public const int Seed = 20261125;

    private readonly CancellationTokenSource stop = new();
    private readonly string directory = Directory.CreateTempSubdirectory("chaos-sandbox-test-").FullName;
    private Task<int>? run;
    private StreamWriter? log;

    // What the tests last set, and when something last changed: a reset need only wait for a clean window after that.
    private string failureConfig = NoFault;
    private int? lambdaTimeout;
    private DateTime lastChange = DateTime.UtcNow;

    private const string NoFault = "{\"isEnabled\": false}";

    /// <summary>The workshop's 3 s; lab 4 runs after lab 3's fix (120 s), so the awaited sandbox starts there.</summary>
    public const int WorkshopTimeoutSeconds = 3;

    /// <summary>Lab 3's fix: the function's timeout raised to 120 s.</summary>
    public const int FixedTimeoutSeconds = 120;

    private protected abstract HandlerMode Handler { get; }

    private protected virtual int LambdaTimeoutSeconds => WorkshopTimeoutSeconds;

    /// <summary>The function's timeout each test starts from (and a test that changes it restores).</summary>
    public int StandardTimeoutSeconds => LambdaTimeoutSeconds;

    public ChaosSettings Settings { get; private set; } = null!;

    public string EnvFile => Path.Combine(directory, "env.sh");

    public string LogFile => Path.Combine(directory, "sandbox.log");

    public AmazonCloudWatchClient CloudWatch { get; private set; } = null!;

    public IAmazonSimpleSystemsManagement Ssm { get; private set; } = null!;

    /// <summary>One indicator window of the seed (300 s) in sandbox time.</summary>
    public static TimeSpan Window => TimeSpan.FromSeconds(300 / Scale);

    /// <summary>One minute of AWS time in sandbox time: the grain of the service metrics.</summary>
    public static TimeSpan Minute => TimeSpan.FromSeconds(60 / Scale);

    public Hypothesis Hypothesis => PipelineIndicators.SystemOperatingWithinNorms(Settings);

    public async ValueTask InitializeAsync()
    {
        log = new StreamWriter(LogFile) { AutoFlush = true };
        var runner = new SandboxRunner(TextWriter.Synchronized(log));
        run = runner.RunAsync(new SandboxOptions { EnvFile = EnvFile, Handler = Handler, LambdaTimeoutSeconds = LambdaTimeoutSeconds, Seed = Seed, MetricDelays = PublicationDelays.Immediate }, stop.Token);
        var envFile = await runner.Ready.WaitAsync(TimeSpan.FromMinutes(2));
        lambdaTimeout = LambdaTimeoutSeconds;
        lastChange = DateTime.UtcNow;
        Settings = ChaosSettingsLoader.Load(new MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { [StackVariables.EnvFile] = envFile } });
        CloudWatch = ChaosClients.CloudWatch(Settings);
        Ssm = ChaosClients.Ssm(Settings);

        // Warm: a full window of load has flowed, and the seed's hypothesis holds on a window of it.
        var warm = DateTime.UtcNow + Window + Minute;
        await WaitUntilAsync(r => DateTime.UtcNow >= warm && r.Met, Window * 3, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (run is not null)
        {
            await run.WaitAsync(TimeSpan.FromSeconds(60));
        }

        CloudWatch?.Dispose();
        Ssm?.Dispose();
        if (log is not null)
        {
            await log.DisposeAsync();
        }

        stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The newest window whose minutes have all closed (a minute of lag: nothing is delayed here).</summary>
    internal Task<HypothesisResult> EvaluateAsync(CancellationToken cancellationToken) =>
        new HypothesisEvaluator(CloudWatch, Scale, TimeProvider.System, new EvaluationOptions { MetricLag = TimeSpan.FromSeconds(60) }).EvaluateAsync(Hypothesis, cancellationToken);

    /// <summary>Samples the hypothesis every sandbox minute until <paramref name="condition"/> holds; fails with the last sample after <paramref name="limit"/>.</summary>
    internal async Task<HypothesisResult> WaitUntilAsync(Func<HypothesisResult, bool> condition, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var result = await EvaluateAsync(cancellationToken);
            if (condition(result))
            {
                return result;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {limit.TotalSeconds:0} s; last sample: {result} (sandbox log: {LogFile})");
            }

            await Task.Delay(Minute, cancellationToken);
        }
    }

    /// <summary>Samples every sandbox minute for <paramref name="duration"/>; returns every sample (a claim that something stays true needs all of them).</summary>
    internal async Task<List<HypothesisResult>> SampleForAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var samples = new List<HypothesisResult>();
        var end = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < end)
        {
            samples.Add(await EvaluateAsync(cancellationToken));
            await Task.Delay(Minute, cancellationToken);
        }

        samples.Add(await EvaluateAsync(cancellationToken));
        return samples;
    }

    public async Task SetFailureConfigAsync(string json, CancellationToken cancellationToken)
    {
        await Ssm.PutParameterAsync(new PutParameterRequest { Name = Settings.FailureParameterName, Value = json, Type = ParameterType.String, Overwrite = true }, cancellationToken);
        if (json != failureConfig)
        {
            (failureConfig, lastChange) = (json, DateTime.UtcNow);
        }
    }

    public async Task SetLambdaTimeoutAsync(int seconds, CancellationToken cancellationToken)
    {
        await AwsCli.RunAsync(this, cancellationToken, "lambda", "update-function-configuration", "--function-name", Settings.FunctionName, "--timeout", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (seconds != lambdaTimeout)
        {
            (lambdaTimeout, lastChange) = (seconds, DateTime.UtcNow);
        }
    }

    /// <summary>
    /// Back to no fault and the fixture's function timeout, then wait until the previous test's effects are gone: messages it left failing
    /// have drained from the JSON queue (their late successes would count CSVs without new messages), and a whole window
    /// after that holds.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await SetFailureConfigAsync(NoFault, cancellationToken);
        await SetLambdaTimeoutAsync(StandardTimeoutSeconds, cancellationToken);
        var drained = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (await QueueAttributeAsync(Settings.JsonQueueName, "ApproximateNumberOfMessagesNotVisible", cancellationToken) > 20 && DateTime.UtcNow < drained)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        // A whole window after the last change (the previous test's restore) must hold; nothing changed since the last
        // clean window (the warm-up, or a test that touched nothing) means the next window that holds will do.
        var clean = lastChange + Window + Minute;
        await WaitUntilAsync(r => DateTime.UtcNow >= clean && r.Met, Window * 4, cancellationToken);
    }

    /// <summary>
    /// A queue's attribute, read with the SDK at the endpoint the env file gives SQS. (The AWS CLI reads the same in
    /// AwsCliTests; polled every second here, its Python start-up would cost the sandbox a core.)
    /// </summary>
    public async Task<long> QueueAttributeAsync(string queue, string attribute, CancellationToken cancellationToken)
    {
        using var sqs = new AmazonSQSClient(
            ChaosClients.Credentials(Settings),
            new AmazonSQSConfig { ServiceURL = SqsEndpoint().ToString(), AuthenticationRegion = Settings.Region });
        var url = (await sqs.GetQueueUrlAsync(queue, cancellationToken)).QueueUrl;
        var attributes = await sqs.GetQueueAttributesAsync(url, [attribute], cancellationToken);
        return long.Parse(attributes.Attributes[attribute], System.Globalization.CultureInfo.InvariantCulture);
    }

    private Uri SqsEndpoint()
    {
        var variables = EnvFileParser.Parse(File.ReadAllText(EnvFile), EnvFile);
        return new AwsEndpointResolver(name => variables.GetValueOrDefault(name)).Resolve(AwsService.Sqs, Settings.Region);
    }
}
