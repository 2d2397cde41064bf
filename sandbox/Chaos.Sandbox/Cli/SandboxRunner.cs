using System.Globalization;
using Amazon.Runtime;
using Chaos.Moto;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.CloudWatchFront;
using Chaos.Sandbox.FailureLambda;
using Chaos.Sandbox.FailureLambda.V1;
using Chaos.Sandbox.FunctionHost;
using Chaos.Sandbox.FunctionLogs;
using Chaos.Sandbox.Load;
using Chaos.Sandbox.Metrics;
using Chaos.Sandbox.Provisioning;
using Chaos.Sandbox.Randomness;

namespace Chaos.Sandbox.Cli;

/// <summary>
/// Starts everything in order — moto, the CloudWatch front, the stack, the function host and its logs, the metrics, the
/// drivers — then writes the env file and the state file and prints one <c>ready</c> line; runs until cancelled (Ctrl+C,
/// SIGTERM), a part fails, or the time limit; then stops everything it started and removes the env file.
/// </summary>
internal sealed class SandboxRunner(TextWriter output, TimeProvider? time = null)
{
    private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>The process ids of the sandbox's moto servers, for resource measurements.</summary>
    public IReadOnlyList<int> MotoProcessIds { get; private set; } = [];

    /// <summary>Objects published so far (null before the publisher starts).</summary>
    public Func<long>? Published { get; private set; }

    /// <summary>The CloudWatch front's endpoint (metric math for every client), once started.</summary>
    public Uri? CloudWatchEndpoint { get; private set; }

    /// <summary>Completes with the env file's path once the sandbox is ready; faults or cancels if it never gets there.</summary>
    public Task<string> Ready => ready.Task;

    public async Task<int> RunAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var code = await RunCoreAsync(options, cancellationToken);
            ready.TrySetException(new InvalidOperationException($"the sandbox stopped before it was ready (exit code {code})"));
            return code;
        }
        catch (Exception e)
        {
            ready.TrySetException(e);
            throw;
        }
    }

    private async Task<int> RunCoreAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var envFile = Path.GetFullPath(options.EnvFile);
        if (SandboxEnvFile.LiveOwner(envFile) is { } owner)
        {
            await output.WriteLineAsync($"sandbox: {envFile} belongs to a sandbox that is still running (PID {owner}). Stop it first (kill -INT {owner}), or choose another --env-file.");
            return 2;
        }

        var random = new SeededRandom(options.Seed ?? SeededRandom.NewSeed());
        await output.WriteLineAsync($"sandbox: seed {random.Seed} (--seed {random.Seed} repeats this run's draws)");
        SandboxStateFile.Write(envFile, "starting", null, random.Seed);
        var scale = new TimeScale(options.TimeScale);
        await using var moto = await MotoServer.StartAsync(new MotoServerOptions { Port = options.Port }, cancellationToken);
        await output.WriteLineAsync($"sandbox: moto for S3, SQS and SNS on {moto.Endpoint} (PID {moto.ProcessId}, log {moto.LogFile})");
        await using var services = await MotoServer.StartAsync(new MotoServerOptions(), cancellationToken);
        await output.WriteLineAsync($"sandbox: moto for the other services on {services.Endpoint} (PID {services.ProcessId}, log {services.LogFile})");
        MotoProcessIds = [moto.ProcessId, services.ProcessId];

        using var http = new HttpClient();
        var credentials = new BasicAWSCredentials(SandboxEnvFile.DummyKey, SandboxEnvFile.DummyKey);
        using var motoCloudWatch = new AwsClientFactory(new SandboxEndpoints(moto.Endpoint, services.Endpoint, services.Endpoint).Resolver(), "us-east-1", credentials).CloudWatch();
        await using var front = await CloudWatchFrontServer.StartAsync(services.Endpoint, motoCloudWatch, 0, cancellationToken);
        var endpoints = new SandboxEndpoints(moto.Endpoint, services.Endpoint, front.Endpoint);
        var clients = new AwsClientFactory(endpoints.Resolver(), "us-east-1", credentials);
        CloudWatchEndpoint = front.Endpoint;
        await output.WriteLineAsync($"sandbox: CloudWatch (with metric math, for every client) on {front.Endpoint}");

        var provision = new ProvisionOptions(options.LambdaTimeoutSeconds, scale) { FailureLambda = options.FailureLambda, FailureCacheTtlSeconds = options.FailureCacheTtlSeconds };
        var stack = await new StackProvisioner(clients, http).ProvisionAsync(StackNames.Random(), provision, cancellationToken);
        var wrapper = options.FailureLambda == FailureLambdaVersion.V1 ? "failure-lambda 1.0.0's layer" : "failure-lambda 0.4.4";
        await output.WriteLineAsync($"sandbox: provisioned {stack.Names.Function} (timeout {options.LambdaTimeoutSeconds} s, handler {options.Handler}, {wrapper}), bucket {stack.Names.Bucket}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromMinutes(options.MaxMinutes));
        using var sqs = clients.Sqs();
        using var s3 = clients.S3();
        using var logsClient = clients.Logs();
        var aggregator = new MetricAggregator(MetricMinute.For(scale));
        var metrics = new ServiceMetrics(aggregator, stack.Names, clock);
        var logs = new FunctionLogGroup(logsClient, stack.Names.Function, options.Logs, scale, clock, output);
        await logs.CreateAsync(cancellationToken);
        var background = new BackgroundWork();
        using var host = new LambdaHost(
            clients, sqs, clients.Lambda(http), stack, new LambdaHostOptions(options.Concurrency, options.Handler, scale) { EnvironmentLifetime = options.Logs.EnvironmentLifetime },
            new FailureLambdaDecider(random.Stream("failure-lambda")), metrics, logs, background, clock, output,
            options.FailureLambda == FailureLambdaVersion.V1 ? new LayerWrapper(new FailureLambdaLayer(random.Stream("failure-lambda 1.x"), scale, clock), scale, clock) : null);
        var publisherRate = scale.ScaleRate(options.LoadRate);
        var publisher = new Publisher(s3, stack.Names.Bucket, publisherRate, random.Stream("publisher"), malformedShare: options.MalformedShare, published: metrics.ObjectPublished);
        var subscriber = new Subscriber(sqs, stack.CsvQueueUrl, stack.Names.CsvQueue, metrics);
        Published = () => publisher.Published;
        var servicePublisher = new ServiceMetricsPublisher(sqs, motoCloudWatch, stack, metrics, aggregator, options.MetricDelays, scale, random.Stream("metric delays"), clock);
        await output.WriteLineAsync($"sandbox: service metrics per minute ({aggregator.Minute.Length.TotalSeconds:0.###} s here), visible after: {options.MetricDelays}");

        var parts = new Dictionary<string, Task>
        {
            ["function host"] = host.RunAsync(stop.Token),
            ["function logs"] = logs.RunAsync(stop.Token),
            ["service metrics"] = servicePublisher.RunAsync(stop.Token),
            ["subscriber"] = subscriber.RunAsync(stop.Token),
            ["publisher"] = publisher.RunAsync(stop.Token),
        };

        // Warm once a full indicator window (300 s AWS) of load has flowed, its last minute has closed and the slowest
        // namespace's datapoints have arrived (delay and jitter): before that, a 5-minute window is still filling.
        var warmBy = clock.GetUtcNow() + scale.Scale(TimeSpan.FromSeconds(300 + 60) + options.MetricDelays.Longest) + TimeSpan.FromSeconds(1);
        SandboxEnvFile.Write(envFile, SandboxEnvFile.Render(stack, endpoints, options.TimeScale, Environment.ProcessId));
        SandboxStateFile.Write(envFile, "ready", warmBy, random.Seed);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ready: source {envFile} (endpoint {moto.Endpoint}, time scale {options.TimeScale}, load {publisherRate:0.##} objects/s, warm by {warmBy:HH:mm:ss})"));
        ready.TrySetResult(envFile);
        _ = AnnounceWarmAsync(envFile, warmBy, random.Seed, stop.Token);

        var exitCode = 0;
        try
        {
            using var status = new PeriodicTimer(TimeSpan.FromSeconds(10), clock);
            var statusLoop = ReportAsync(status, publisher, host, background, metrics, subscriber, logs, stop.Token);
            var first = await Task.WhenAny(parts.Values.Append(moto.WaitForExitAsync(stop.Token)).Append(services.WaitForExitAsync(stop.Token)).Append(statusLoop));
            if (!stop.IsCancellationRequested)
            {
                var name = parts.FirstOrDefault(p => p.Value == first).Key ?? "moto";
                await output.WriteLineAsync($"sandbox: {name} stopped unexpectedly{(first.Exception is { } e ? ": " + e.GetBaseException().Message : string.Empty)}; stopping everything.");
                exitCode = 1;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAny(Task.WhenAll(parts.Values).ContinueWith(_ => { }, TaskScheduler.Default), Task.Delay(TimeSpan.FromSeconds(15), CancellationToken.None));
            await background.DrainAsync(TimeSpan.FromSeconds(5));
            File.Delete(envFile);
            SandboxStateFile.Write(envFile, "stopped", null, random.Seed);
            await output.WriteLineAsync($"sandbox: stopped (published {publisher.Published}, drained {subscriber.Drained}); removed {envFile}");
        }

        return exitCode;
    }

    private async Task AnnounceWarmAsync(string envFile, DateTimeOffset warmBy, int seed, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(warmBy - clock.GetUtcNow(), clock, cancellationToken);
            SandboxStateFile.Write(envFile, "warm", warmBy, seed);
            await output.WriteLineAsync("warm: a full indicator window of load has flowed and its metrics have arrived");
        }
        catch (OperationCanceledException)
        {
            // stopped before
        }
    }

    private async Task ReportAsync(PeriodicTimer timer, Publisher publisher, LambdaHost host, BackgroundWork background, ServiceMetrics service, Subscriber subscriber, FunctionLogGroup logs, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await output.WriteLineAsync(
                    $"sandbox: published {publisher.Published} ({publisher.Malformed} malformed), json sent {service.JsonSent}, csv sent {service.CsvSent}, drained {subscriber.Drained}, " +
                    $"environments {host.EnvironmentsCreated} (restarts {host.Restarts}), log events {logs.Sent}, un-awaited writes ok {background.Succeeded} failed {background.Failed}{(background.LastError is { } last ? $" (last: {last})" : string.Empty)}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
