using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Chaos.Sandbox.Cli;
using Chaos.Sandbox.FunctionLogs;
using Chaos.Sandbox.Handler;
using Chaos.Sandbox.Metrics;

// The sandbox: the workshop's serverless ETL pipeline on one machine (moto + a Lambda-like host), or its drivers alone.
var envFile = new Option<string>("--env-file") { Description = "Where to write the sourceable env file once ready (the drive command reads it).", Required = true };
var timeScale = new Option<double>("--time-scale") { Description = "Divides every duration and multiplies the load rate.", DefaultValueFactory = _ => SandboxOptions.DefaultTimeScale };
var lambdaTimeout = new Option<int>("--lambda-timeout") { Description = "The function's Timeout in AWS seconds (the workshop's is 3; its fix is 120).", DefaultValueFactory = _ => 3 };
var handler = new Option<string>("--handler") { Description = "fire-and-forget (the workshop's) or awaited (lab 4's fix).", DefaultValueFactory = _ => "fire-and-forget" };
handler.AcceptOnlyFromAmong("fire-and-forget", "awaited");
var failureLambda = new Option<string>("--failure-lambda") { Description = "Which failure-lambda wraps the function: 0.4 (0.4.4 in its code, the workshop's) or 1 (1.0.0's Lambda layer, its variables in the function's configuration).", DefaultValueFactory = _ => "0.4" };
failureLambda.AcceptOnlyFromAmong("0.4", "1");
var failureCacheTtl = new Option<double?>("--failure-cache-ttl") { Description = "With --failure-lambda 1: the function's FAILURE_CACHE_TTL in AWS seconds (unset: the layer's default, 60)." };
var loadRate = new Option<double>("--load-rate") { Description = "Objects published per AWS second.", DefaultValueFactory = _ => 2 };
var port = new Option<int>("--port") { Description = "moto's port on 127.0.0.1 (0: a free one).", DefaultValueFactory = _ => 0 };
var concurrency = new Option<int>("--concurrency") { Description = "The function's concurrency limit.", DefaultValueFactory = _ => 10 };
var malformedShare = new Option<double>("--malformed-share") { Description = "The share of objects that are malformed JSON, drawn at random (the workshop's 0.01; 0: none).", DefaultValueFactory = _ => Chaos.Sandbox.Load.Publisher.DefaultMalformedShare };
var seed = new Option<int?>("--seed") { Description = "The seed of every random draw (workload, failure-lambda, metric jitter); printed at start so a run can be repeated." };
var metricDelay = new Option<string[]>("--metric-delay") { Description = "When service metrics become visible, per namespace (AWS time): e.g. AWS/SQS=90s or AWS/Lambda=60s±15s, repeatable; 'none' for at once. Defaults: see README.", AllowMultipleArgumentsPerToken = true };
var environmentLifetime = new Option<double>("--environment-lifetime") { Description = "Minutes (AWS time) an execution environment serves before it is recycled.", DefaultValueFactory = _ => 60 };
var logRetention = new Option<double>("--log-retention") { Description = "Minutes (AWS time) a recycled environment's log stream is kept.", DefaultValueFactory = _ => 60 };
var maxMinutes = new Option<double>("--max-minutes") { Description = "Stop by itself after this many minutes.", DefaultValueFactory = _ => 240 };

timeScale.Validators.Add(r => Check(r.GetValueOrDefault<double>() is > 0 and <= 100 && double.IsFinite(r.GetValueOrDefault<double>()), r, "--time-scale must be a number in (0, 100]"));
lambdaTimeout.Validators.Add(r => Check(r.GetValueOrDefault<int>() is >= 1 and <= 900, r, "--lambda-timeout must be 1 to 900 seconds, as on Lambda"));
loadRate.Validators.Add(r => Check(r.GetValueOrDefault<double>() is > 0 and <= 50, r, "--load-rate must be in (0, 50] objects per second"));
port.Validators.Add(r => Check(r.GetValueOrDefault<int>() is >= 0 and <= 65535, r, "--port must be 0 to 65535"));
concurrency.Validators.Add(r => Check(r.GetValueOrDefault<int>() is >= 1 and <= 100, r, "--concurrency must be 1 to 100"));
malformedShare.Validators.Add(r => Check(r.GetValueOrDefault<double>() is >= 0 and <= 1, r, "--malformed-share must be in [0, 1]"));
metricDelay.Validators.Add(r => CheckParses(r, value => PublicationDelays.Parse(value)));
environmentLifetime.Validators.Add(r => Check(r.GetValueOrDefault<double>() > 0, r, "--environment-lifetime must be positive"));
logRetention.Validators.Add(r => Check(r.GetValueOrDefault<double>() > 0, r, "--log-retention must be positive"));
failureCacheTtl.Validators.Add(r => Check(r.GetValueOrDefault<double?>() is null or >= 0 and <= 3600, r, "--failure-cache-ttl must be 0 to 3600 seconds"));
maxMinutes.Validators.Add(r => Check(r.GetValueOrDefault<double>() > 0, r, "--max-minutes must be positive"));

var root = new RootCommand("The chaos sandbox: the workshop's pipeline on moto, with a Lambda-like function host, service metrics and load.")
{
    envFile, timeScale, lambdaTimeout, handler, failureLambda, failureCacheTtl, loadRate, port, concurrency, malformedShare, seed, metricDelay, environmentLifetime, logRetention, maxMinutes,
};
root.SetAction((result, _) => WithSignals(token => new SandboxRunner(Console.Out).RunAsync(
    new SandboxOptions
    {
        EnvFile = result.GetValue(envFile)!,
        TimeScale = result.GetValue(timeScale),
        LambdaTimeoutSeconds = result.GetValue(lambdaTimeout),
        Handler = result.GetValue(handler) == "awaited" ? HandlerMode.Awaited : HandlerMode.FireAndForget,
        FailureLambda = result.GetValue(failureLambda) == "1" ? Chaos.Sandbox.FailureLambda.FailureLambdaVersion.V1 : Chaos.Sandbox.FailureLambda.FailureLambdaVersion.V04,
        FailureCacheTtlSeconds = result.GetValue(failureCacheTtl),
        LoadRate = result.GetValue(loadRate),
        Port = result.GetValue(port),
        Concurrency = result.GetValue(concurrency),
        MaxMinutes = result.GetValue(maxMinutes),
        MalformedShare = result.GetValue(malformedShare),
        Seed = result.GetValue(seed),
        MetricDelays = PublicationDelays.Parse(result.GetValue(metricDelay) ?? []),
        Logs = new LogOptions { EnvironmentLifetime = TimeSpan.FromMinutes(result.GetValue(environmentLifetime)), Retention = TimeSpan.FromMinutes(result.GetValue(logRetention)) },
    },
    token)));

var driveEnvFile = new Option<string>("--env-file") { Description = "The stack's aws_resource_names.sh (or the sandbox's env file).", Required = true };
var driveRate = new Option<double>("--load-rate") { Description = "Objects published per AWS second.", DefaultValueFactory = _ => 2 };
driveRate.Validators.Add(r => Check(r.GetValueOrDefault<double>() is > 0 and <= 50, r, "--load-rate must be in (0, 50] objects per second"));
var driveMinutes = new Option<double>("--minutes") { Description = "How long to drive.", DefaultValueFactory = _ => 60 };
var drive = new Command("drive", "Run only the publisher and subscriber against the stack an env file names (AWS or the sandbox).") { driveEnvFile, driveRate, driveMinutes };
drive.SetAction((result, _) => WithSignals(token => new DriveRunner(Console.Out).RunAsync(result.GetValue(driveEnvFile), result.GetValue(driveRate), result.GetValue(driveMinutes), token)));
root.Subcommands.Add(drive);

// Signals are handled here (not by System.CommandLine, whose default gives cleanup only 2 s) so the sandbox always
// stops what it started.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

static void CheckParses(System.CommandLine.Parsing.OptionResult result, Action<string[]> parse)
{
    try
    {
        parse(result.GetValueOrDefault<string[]>() ?? []);
    }
    catch (FormatException e)
    {
        result.AddError(e.Message);
    }
}

static void Check(bool ok, System.CommandLine.Parsing.OptionResult result, string message)
{
    if (!ok)
    {
        result.AddError(message);
    }
}

static async Task<int> WithSignals(Func<CancellationToken, Task<int>> run)
{
    using var stop = new CancellationTokenSource();
    void Cancel(PosixSignalContext context)
    {
        context.Cancel = true;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sandbox: {context.Signal} received, stopping"));
        stop.Cancel();
    }

    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
    using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);
    try
    {
        return await run(stop.Token);
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        Console.Out.WriteLine("sandbox: stopped before it was ready");
        return 130;
    }
    catch (Exception e) when (e is Chaos.Moto.MotoNotInstalledException or InvalidOperationException or TimeoutException or Amazon.Runtime.AmazonServiceException or Chaos.Aws.Http.AwsServiceException)
    {
        Console.Error.WriteLine($"sandbox: {e.Message}");
        return 2;
    }
}
