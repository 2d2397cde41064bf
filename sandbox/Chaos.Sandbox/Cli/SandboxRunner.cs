using System.Globalization;
using Amazon.Runtime;
using Chaos.Moto;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.FailureLambda;
using Chaos.Sandbox.FunctionHost;
using Chaos.Sandbox.Load;
using Chaos.Sandbox.Metrics;
using Chaos.Sandbox.Provisioning;

namespace Chaos.Sandbox.Cli;

/// <summary>
/// Starts everything in order — moto, the stack, the function host, the metrics, the drivers — then writes the env
/// file and prints one <c>ready</c> line; runs until cancelled (Ctrl+C, SIGTERM), a part fails, or the time limit;
/// then stops everything it started and removes the env file.
/// </summary>
internal sealed class SandboxRunner(TextWriter output)
{
    private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The process ids of what this sandbox runs (itself and moto), for resource measurements.</summary>
    public int? MotoProcessId { get; private set; }

    /// <summary>Objects published so far (null before the publisher starts).</summary>
    public Func<long>? Published { get; private set; }

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

        var scale = new TimeScale(options.TimeScale);
        await using var moto = await MotoServer.StartAsync(new MotoServerOptions { Port = options.Port }, cancellationToken);
        await output.WriteLineAsync($"sandbox: moto on {moto.Endpoint} (PID {moto.ProcessId}, log {moto.LogFile})");
        MotoProcessId = moto.ProcessId;

        using var http = new HttpClient();
        var credentials = new BasicAWSCredentials(SandboxEnvFile.DummyKey, SandboxEnvFile.DummyKey);
        var clients = new AwsClientFactory(moto.Endpoint, "us-east-1", credentials);
        var stack = await new StackProvisioner(clients, http).ProvisionAsync(StackNames.Random(), new ProvisionOptions(options.LambdaTimeoutSeconds, scale), cancellationToken);
        await output.WriteLineAsync($"sandbox: provisioned {stack.Names.Function} (timeout {options.LambdaTimeoutSeconds} s, handler {options.Handler}), bucket {stack.Names.Bucket}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromMinutes(options.MaxMinutes));
        using var sqs = clients.Sqs();
        using var s3 = clients.S3();
        using var cloudWatch = clients.CloudWatch();
        var metrics = new LambdaMetrics();
        var activity = new QueueActivity();
        var background = new BackgroundWork();
        using var host = new LambdaHost(
            clients, sqs, clients.Lambda(http), stack, new LambdaHostOptions(options.Concurrency, options.Handler, scale),
            new FailureLambdaDecider(Random.Shared.NextDouble), metrics, activity, background, output);
        var publisherRate = scale.ScaleRate(options.LoadRate);
        var publisher = new Publisher(s3, stack.Names.Bucket, publisherRate, Random.Shared.NextDouble, malformedEvery: options.MalformedEvery);
        var subscriber = new Subscriber(sqs, stack.CsvQueueUrl, activity);
        Published = () => publisher.Published;
        var servicePublisher = new ServiceMetricsPublisher(sqs, cloudWatch, stack, metrics, activity, TimeSpan.FromMilliseconds(500));

        var parts = new Dictionary<string, Task>
        {
            ["function host"] = host.RunAsync(stop.Token),
            ["service metrics"] = servicePublisher.RunAsync(stop.Token),
            ["subscriber"] = subscriber.RunAsync(stop.Token),
            ["publisher"] = publisher.RunAsync(stop.Token),
        };

        SandboxEnvFile.Write(envFile, SandboxEnvFile.Render(stack, options.TimeScale, Environment.ProcessId));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ready: source {envFile} (endpoint {moto.Endpoint}, time scale {options.TimeScale}, load {publisherRate:0.##} objects/s)"));
        ready.TrySetResult(envFile);
        _ = AnnounceWarmAsync(scale, stop.Token);

        var exitCode = 0;
        try
        {
            using var status = new PeriodicTimer(TimeSpan.FromSeconds(10));
            var statusLoop = ReportAsync(status, publisher, host, background, servicePublisher, subscriber, stop.Token);
            var first = await Task.WhenAny(parts.Values.Append(moto.WaitForExitAsync(stop.Token)).Append(statusLoop));
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
            await output.WriteLineAsync($"sandbox: stopped (published {publisher.Published}, drained {subscriber.Drained}); removed {envFile}");
        }

        return exitCode;
    }

    /// <summary>
    /// The seed's indicators look back 300 s (AWS time): once load has flowed that long, each has a full window of data.
    /// Scripts wait for this line before the first steady-state check.
    /// </summary>
    private async Task AnnounceWarmAsync(TimeScale scale, CancellationToken cancellationToken)
    {
        var window = scale.ScaleSeconds(300) + TimeSpan.FromSeconds(2);
        try
        {
            await Task.Delay(window, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warm: a full indicator window ({window.TotalSeconds:0} s) of load has flowed"));
        }
        catch (OperationCanceledException)
        {
            // stopped before
        }
    }

    private async Task ReportAsync(PeriodicTimer timer, Publisher publisher, LambdaHost host, BackgroundWork background, ServiceMetricsPublisher service, Subscriber subscriber, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await output.WriteLineAsync(
                    $"sandbox: published {publisher.Published} ({publisher.Malformed} malformed), json sent {service.JsonSent}, csv sent {service.CsvSent}, drained {subscriber.Drained}, " +
                    $"environments {host.EnvironmentsCreated} (restarts {host.Restarts}), un-awaited writes ok {background.Succeeded} failed {background.Failed}{(background.LastError is { } last ? $" (last: {last})" : string.Empty)}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
