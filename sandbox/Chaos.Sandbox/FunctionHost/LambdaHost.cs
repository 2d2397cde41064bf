using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Chaos.Aws.Http;
using Chaos.Aws.Lambda;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.FailureLambda;
using Chaos.Sandbox.FailureLambda.V1;
using Chaos.Sandbox.FunctionLogs;
using Chaos.Sandbox.Handler;
using Chaos.Sandbox.Metrics;
using Chaos.Sandbox.Provisioning;

namespace Chaos.Sandbox.FunctionHost;

/// <summary>
/// A Lambda-like runtime for the ETL function: an SQS event-source mapping (batch size 1, long polling, one poller per
/// unit of concurrency), warm execution environments reused last-in-first-out and recycled after their lifetime, the
/// function's configuration read through the Lambda API (Timeout enforced: a timed-out invocation is an error, its
/// message is not deleted, its runtime restarts; failure-lambda's settings taken from its environment variables), the
/// function's logs written to <c>/aws/lambda/&lt;function&gt;</c>, and failure-lambda 0.4.x wrapped around the handler —
/// or, given <paramref name="failureLambdaLayer"/>, a plain handler behind failure-lambda 1.x's layer (FailureLambda/V1).
/// </summary>
internal sealed class LambdaHost(
    AwsClientFactory clients,
    IAmazonSQS sqs,
    LambdaClient lambda,
    ProvisionedStack stack,
    LambdaHostOptions options,
    FailureLambdaDecider decider,
    ServiceMetrics metrics,
    FunctionLogGroup logs,
    BackgroundWork background,
    TimeProvider time,
    TextWriter log,
    LayerWrapper? failureLambdaLayer = null) : IDisposable
{
    private readonly ConcurrentStack<ExecutionEnvironment> idle = new();
    private readonly ConcurrentDictionary<int, ExecutionEnvironment> all = new();
    private readonly EtlHandler handler = new(stack.Names.Table, options.Handler, background, metrics.CsvWritten);
    private readonly SemaphoreSlim configurationGate = new(1, 1);
    private (LambdaFunctionConfiguration Value, long ReadAt)? configuration;
    private int nextEnvironmentId;
    private int restarts;
    private int executing;

    public int EnvironmentsCreated => Volatile.Read(ref nextEnvironmentId);

    /// <summary>Runtime restarts after timeouts (cold starts of an existing environment).</summary>
    public int Restarts => Volatile.Read(ref restarts);

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(() => PollAsync(cancellationToken), CancellationToken.None)));

    public void Dispose()
    {
        foreach (var environment in all.Values)
        {
            environment.Dispose();
        }

        all.Clear();
        configurationGate.Dispose();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var answer = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = stack.JsonQueueUrl, MaxNumberOfMessages = 1, WaitTimeSeconds = options.PollWaitSeconds }, cancellationToken);
                foreach (var message in answer.Messages ?? [])
                {
                    metrics.Received(stack.Names.JsonQueue, 1);
                    await InvokeAsync(message, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is AmazonSQSException or HttpRequestException or AwsServiceException or IOException)
            {
                // The event-source mapping keeps polling through service errors, as Lambda's does.
                await log.WriteLineAsync($"function host: poll failed, retrying: {e.Message}");
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task InvokeAsync(Message message, CancellationToken cancellationToken)
    {
        var function = await ConfigurationAsync(cancellationToken);
        var timeout = options.Scale.ScaleSeconds(function.TimeoutSeconds);
        var environment = Acquire();
        var requestId = Guid.NewGuid().ToString();
        var initMs = environment.TakeColdStart() ? options.Scale.ToAws(TimeSpan.FromMilliseconds(15)).TotalMilliseconds + 150 : (double?)null;
        environment.Log.CurrentRequest = requestId;
        if (initMs is not null)
        {
            environment.Log.InitStart();
            if (failureLambdaLayer is not null)
            {
                await failureLambdaLayer.StartAsync(failureLambdaLayer.ContextFor(environment, function), cancellationToken);
            }
        }

        environment.Log.Start(requestId);
        metrics.Concurrency(Interlocked.Increment(ref executing));
        try
        {
            using var invocation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var clock = Stopwatch.StartNew();
            var work = failureLambdaLayer is null
                ? RunFunctionAsync(message.Body, environment, function, requestId, invocation.Token)
                : RunBehindLayerAsync(failureLambdaLayer, message, environment, function, time.GetUtcNow() + timeout, invocation.Token);
            var finished = await Task.WhenAny(work, Task.Delay(timeout, time, cancellationToken));
            if (finished != work)
            {
                // "Task timed out after N seconds": the runtime is restarted before the environment serves again.
                await invocation.CancelAsync();
                var awsTimeout = options.Scale.ToAws(timeout).TotalMilliseconds;
                environment.Log.TimedOut(requestId, function.TimeoutSeconds);
                environment.Log.End(requestId);
                environment.Log.Report(requestId, awsTimeout, initMs, timedOut: true);
                metrics.Invoked(awsTimeout, error: true);
                Interlocked.Increment(ref restarts);
                _ = work.ContinueWith(
                    _ =>
                    {
                        environment.Restart();
                        idle.Push(environment);
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.None,
                    TaskScheduler.Default);
                return;
            }

            var failed = false;
            try
            {
                await work;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failed = true; // the message stays; SQS makes it visible again after the visibility timeout
                if (e is not ProxyPostedErrorException)
                {
                    environment.Log.InvokeError(requestId, ErrorType(e), e is System.Text.Json.JsonException ? "Unexpected end of JSON input" : e.Message);
                }
            }

            var awsDuration = options.Scale.ToAws(clock.Elapsed).TotalMilliseconds;
            environment.Log.End(requestId);
            environment.Log.Report(requestId, awsDuration, initMs, timedOut: false);
            metrics.Invoked(awsDuration, failed);
            idle.Push(environment);
            if (!failed)
            {
                await sqs.DeleteMessageAsync(stack.JsonQueueUrl, message.ReceiptHandle, cancellationToken);
                metrics.Deleted(stack.Names.JsonQueue, 1);
            }
        }
        finally
        {
            Interlocked.Decrement(ref executing);
        }
    }

    private async Task RunFunctionAsync(string body, ExecutionEnvironment environment, LambdaFunctionConfiguration function, string requestId, CancellationToken cancellationToken)
    {
        environment.Invocations++;
        var config = await ReadFailureConfigAsync(environment, function, requestId, cancellationToken);
        environment.Denylist.Observe(config);
        var write = environment.Log;
        switch (decider.Decide(config))
        {
            // The lines failure-lambda 0.4.4 writes (lib/failure.js), word for word.
            case LatencyInjection latency:
                write.Info(requestId, $"Injecting {latency.AwsDelay.TotalMilliseconds:0} ms latency.");
                await Task.Delay(options.Scale.Scale(latency.AwsDelay), time, cancellationToken);
                break;
            case ExceptionInjection exception:
                write.Info(requestId, $"Injecting exception message: {exception.Message}");
                write.Info(requestId, $"Error: {exception.Message}"); // its catch logs the error before re-throwing it
                throw new InjectedException(exception.Message);
            case StatusCodeInjection code:
                write.Info(requestId, $"Injecting status code: {code.StatusCode}");
                return; // the handler is skipped and the invocation succeeds
            case DiskSpaceInjection disk:
                write.Info(requestId, $"Injecting disk space: {disk.Megabytes} MB");
                environment.FillTmp(disk.Megabytes);
                break;
            case DenylistInjection denylist:
                write.Info(requestId, $"Injecting dependency failure through a network block for denylisted sites: {string.Join(',', denylist.Patterns)}");
                environment.Denylist.Block(denylist.Patterns);
                break;
        }

        await handler.HandleAsync(body, environment, cancellationToken);
    }

    // failure-lambda 1.x's layer (FailureLambda/V1) around the plain handler, given the SQS event and the deadline.
    private Task RunBehindLayerAsync(LayerWrapper layer, Message message, ExecutionEnvironment environment, LambdaFunctionConfiguration function, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        environment.Invocations++;
        var queueArn = SqsEvent.QueueArn(stack.JsonQueueUrl, stack.FunctionArn);
        return layer.RunAsync(environment, function, message, queueArn, stack.Region, deadline, token => handler.HandleAsync(message.Body, environment, token), cancellationToken);
    }

    // failure-lambda 0.4.4's getConfig: AppConfig when FAILURE_APPCONFIG_CONFIGURATION is set (no AppConfig extension runs
    // in the sandbox, so the fetch fails, is logged, and nothing is injected), else the SSM parameter that
    // FAILURE_INJECTION_PARAM names, read on every invocation; anything unreadable is logged and means "no injection".
    private async Task<FailureLambdaConfig> ReadFailureConfigAsync(ExecutionEnvironment environment, LambdaFunctionConfiguration function, string requestId, CancellationToken cancellationToken)
    {
        if (function.Environment.TryGetValue("FAILURE_APPCONFIG_CONFIGURATION", out var appConfig) && appConfig.Length > 0)
        {
            environment.Log.Error(requestId, $"FetchError: request to http://localhost:2772/applications/{function.Environment.GetValueOrDefault("FAILURE_APPCONFIG_APPLICATION")}/environments/{function.Environment.GetValueOrDefault("FAILURE_APPCONFIG_ENVIRONMENT")}/configurations/{appConfig} failed, reason: connect ECONNREFUSED 127.0.0.1:2772");
            return FailureLambdaConfig.Disabled;
        }

        if (!function.Environment.TryGetValue("FAILURE_INJECTION_PARAM", out var parameter) || parameter.Length == 0)
        {
            return FailureLambdaConfig.Disabled;
        }

        try
        {
            var answer = await environment.Ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, cancellationToken);
            return FailureLambdaConfig.Parse(answer.Parameter.Value);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            environment.Log.Error(requestId, e is ParameterNotFoundException ? $"ParameterNotFound: {e.Message}" : e.Message);
            return FailureLambdaConfig.Disabled;
        }
    }

    // Read through the Lambda API, so that "aws lambda update-function-configuration" takes effect; at most twice a
    // (sandbox) second, as a configuration change reaches new invocations within moments on AWS too.
    private async Task<LambdaFunctionConfiguration> ConfigurationAsync(CancellationToken cancellationToken)
    {
        if (configuration is { } fresh && time.GetElapsedTime(fresh.ReadAt) < TimeSpan.FromMilliseconds(500))
        {
            return fresh.Value;
        }

        await configurationGate.WaitAsync(cancellationToken);
        try
        {
            if (configuration is { } cached && time.GetElapsedTime(cached.ReadAt) < TimeSpan.FromMilliseconds(500))
            {
                return cached.Value;
            }

            var value = await lambda.GetFunctionConfigurationAsync(stack.Names.Function, cancellationToken);
            configuration = (value, time.GetTimestamp());
            return value;
        }
        finally
        {
            configurationGate.Release();
        }
    }

    private ExecutionEnvironment Acquire()
    {
        var lifetime = options.Scale.Scale(options.EnvironmentLifetime);
        while (idle.TryPop(out var warm))
        {
            if (time.GetUtcNow().UtcDateTime - warm.CreatedAt < lifetime)
            {
                return warm;
            }

            // Recycled: Lambda ends environments after a while; the next invocation gets a new one (a cold start).
            all.TryRemove(warm.Id, out _);
            logs.Retire(warm.Log);
            warm.Dispose();
        }

        var environment = new ExecutionEnvironment(Interlocked.Increment(ref nextEnvironmentId), clients, logs.Open(), time.GetUtcNow().UtcDateTime);
        all[environment.Id] = environment;
        return environment;
    }

    private static string ErrorType(Exception error) => error switch
    {
        System.Text.Json.JsonException => "SyntaxError",
        InjectedException => "Error",
        HttpRequestException => "NetworkingError",
        _ => "Error",
    };
}
