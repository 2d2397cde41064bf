using Chaos.Aws.Configuration;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Aws.CloudWatch;
using Chaos.Engine.Settings;
using Chaos.Engine.SteadyState;
using Chaos.Sandbox.Cli;
using Chaos.Sandbox.Handler;
using Microsoft.Extensions.Configuration.Memory;

namespace Chaos.Sandbox.Tests.Infrastructure;

/// <summary>
/// A running sandbox for a collection of tests: started in-process on its own moto, read back through its env file
/// exactly as the harness reads it, warmed up until the indicators have a full window of data, always stopped.
/// </summary>
public abstract class SandboxFixture : IAsyncLifetime
{
    public const double Scale = 10;

    private readonly CancellationTokenSource stop = new();
    private readonly string directory = Directory.CreateTempSubdirectory("chaos-sandbox-test-").FullName;
    private Task<int>? run;
    private StreamWriter? log;

    private protected abstract HandlerMode Handler { get; }

    public ChaosSettings Settings { get; private set; } = null!;

    public Uri Endpoint => Settings.Endpoints[StackVariables.EndpointUrl];

    public string LogFile => Path.Combine(directory, "sandbox.log");

    public AmazonCloudWatchClient CloudWatch { get; private set; } = null!;

    public IAmazonSimpleSystemsManagement Ssm { get; private set; } = null!;

    /// <summary>One indicator window of the seed (300 s) in sandbox time.</summary>
    public static TimeSpan Window => TimeSpan.FromSeconds(300 / Scale);

    public Hypothesis Hypothesis => PipelineIndicators.SystemOperatingWithinNorms(Settings);

    public async ValueTask InitializeAsync()
    {
        log = new StreamWriter(LogFile) { AutoFlush = true };
        var runner = new SandboxRunner(TextWriter.Synchronized(log));
        run = runner.RunAsync(new SandboxOptions { EnvFile = Path.Combine(directory, "env.sh"), TimeScale = Scale, Handler = Handler }, stop.Token);
        var envFile = await runner.Ready.WaitAsync(TimeSpan.FromMinutes(2));
        Settings = ChaosSettingsLoader.Load(new MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { [StackVariables.EnvFile] = envFile } });
        var credentials = new BasicAWSCredentials("testing", "testing");
        CloudWatch = new AmazonCloudWatchClient(new AmazonCloudWatchConfig { ServiceURL = Endpoint.ToString(), Region = Settings.Region }, credentials);
        Ssm = new AmazonSimpleSystemsManagementClient(credentials, new AmazonSimpleSystemsManagementConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = Settings.Region });

        // Warm: a full window of load has flowed and the seed's hypothesis holds.
        var warm = DateTime.UtcNow + Window + TimeSpan.FromSeconds(2);
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

    internal Task<HypothesisResult> EvaluateAsync(CancellationToken cancellationToken) =>
        new HypothesisEvaluator(CloudWatch, Scale, TimeProvider.System).EvaluateAsync(Hypothesis, cancellationToken);

    /// <summary>Samples the hypothesis every second until <paramref name="condition"/> holds; fails with the last sample after <paramref name="limit"/>.</summary>
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

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>Samples for a whole window; returns every sample (a claim that something stays true needs all of them).</summary>
    internal async Task<List<HypothesisResult>> SampleForAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var samples = new List<HypothesisResult>();
        var end = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < end)
        {
            samples.Add(await EvaluateAsync(cancellationToken));
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }

        samples.Add(await EvaluateAsync(cancellationToken));
        return samples;
    }

    public Task SetFailureConfigAsync(string json, CancellationToken cancellationToken) =>
        Ssm.PutParameterAsync(new PutParameterRequest { Name = Settings.FailureParameterName, Value = json, Type = ParameterType.String, Overwrite = true }, cancellationToken);

    public async Task SetLambdaTimeoutAsync(int seconds, CancellationToken cancellationToken) =>
        await AwsCli.RunAsync(this, cancellationToken, "lambda", "update-function-configuration", "--function-name", Settings.FunctionName, "--timeout", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Back to the workshop's defaults, then wait until the previous test's effects are gone: messages it left failing
    /// have drained from the JSON queue (their late successes would count CSVs without new messages), and a whole window
    /// after that holds.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await SetFailureConfigAsync("{\"isEnabled\": false}", cancellationToken);
        await SetLambdaTimeoutAsync(3, cancellationToken);
        var drained = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (await JsonQueueBacklogAsync(cancellationToken) > 20 && DateTime.UtcNow < drained)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var clean = DateTime.UtcNow + Window;
        await WaitUntilAsync(r => DateTime.UtcNow >= clean && r.Met, Window * 4, cancellationToken);
    }

    private async Task<long> JsonQueueBacklogAsync(CancellationToken cancellationToken)
    {
        var text = await AwsCli.RunAsync(this, cancellationToken, "sqs", "get-queue-attributes", "--queue-url", Endpoint + "123456789012/" + Settings.JsonQueueName,
            "--attribute-names", "ApproximateNumberOfMessagesNotVisible", "--query", "Attributes.ApproximateNumberOfMessagesNotVisible", "--output", "text");
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
