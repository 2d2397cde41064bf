using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Chaos.Aws.Http;
using Chaos.Aws.Lambda;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.FailureLambda;
using Chaos.Sandbox.Handler;
using Chaos.Sandbox.Metrics;
using Chaos.Sandbox.Provisioning;

namespace Chaos.Sandbox.FunctionHost;

/// <summary>
/// A Lambda-like runtime for the ETL function: an SQS event-source mapping (batch size 1, long polling, one poller per
/// unit of concurrency), warm execution environments reused last-in-first-out, the function's Timeout read through
/// the Lambda API before every invocation and enforced (a timed-out invocation is an error, its message is not
/// deleted, its environment is discarded), and failure-lambda 0.4.x wrapped around the handler.
/// </summary>
internal sealed class LambdaHost(
    AwsClientFactory clients,
    IAmazonSQS sqs,
    LambdaClient lambda,
    ProvisionedStack stack,
    LambdaHostOptions options,
    FailureLambdaDecider decider,
    LambdaMetrics metrics,
    QueueActivity activity,
    BackgroundWork background,
    TextWriter log) : IDisposable
{
    private readonly ConcurrentStack<ExecutionEnvironment> idle = new();
    private readonly ConcurrentDictionary<int, ExecutionEnvironment> all = new();
    private readonly EtlHandler handler = new(stack.Names.Table, options.Handler, background);
    private int nextEnvironmentId;
    private int restarts;

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
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var answer = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = stack.JsonQueueUrl, MaxNumberOfMessages = 1, WaitTimeSeconds = options.PollWaitSeconds, MessageSystemAttributeNames = ["SentTimestamp", "ApproximateReceiveCount"] }, cancellationToken);
                foreach (var message in answer.Messages ?? [])
                {
                    activity.Received(stack.JsonQueueUrl, 1);
                    activity.Observe(stack.JsonQueueUrl, message);
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
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task InvokeAsync(Message message, CancellationToken cancellationToken)
    {
        var configuration = await lambda.GetFunctionConfigurationAsync(stack.Names.Function, cancellationToken);
        var timeout = options.Scale.ScaleSeconds(configuration.TimeoutSeconds);
        var environment = Acquire();
        using var executing = metrics.Enter();
        using var invocation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        var work = RunFunctionAsync(message.Body, environment, invocation.Token);
        var finished = await Task.WhenAny(work, Task.Delay(timeout, cancellationToken));
        if (finished != work)
        {
            // "Task timed out after N seconds": the runtime is restarted before the environment serves again.
            await invocation.CancelAsync();
            metrics.Record(options.Scale.ToAws(timeout).TotalMilliseconds, error: true);
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
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            failed = true; // the message stays; SQS makes it visible again after the visibility timeout
        }

        metrics.Record(options.Scale.ToAws(clock.Elapsed).TotalMilliseconds, failed);
        idle.Push(environment);
        if (!failed)
        {
            await sqs.DeleteMessageAsync(stack.JsonQueueUrl, message.ReceiptHandle, cancellationToken);
            activity.Deleted(stack.JsonQueueUrl, 1);
        }
    }

    private async Task RunFunctionAsync(string body, ExecutionEnvironment environment, CancellationToken cancellationToken)
    {
        environment.Invocations++;
        var config = await ReadFailureConfigAsync(environment, cancellationToken);
        environment.Denylist.Observe(config);
        switch (decider.Decide(config))
        {
            case LatencyInjection latency:
                await Task.Delay(options.Scale.Scale(latency.AwsDelay), cancellationToken);
                break;
            case ExceptionInjection exception:
                throw new InjectedException(exception.Message);
            case StatusCodeInjection:
                return; // the handler is skipped and the invocation succeeds
            case DiskSpaceInjection disk:
                environment.FillTmp(disk.Megabytes);
                break;
            case DenylistInjection denylist:
                environment.Denylist.Block(denylist.Patterns);
                break;
        }

        await handler.HandleAsync(body, environment, cancellationToken);
    }

    // failure-lambda reads the parameter on every invocation; anything unreadable means "no injection".
    private async Task<FailureLambdaConfig> ReadFailureConfigAsync(ExecutionEnvironment environment, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await environment.Ssm.GetParameterAsync(new GetParameterRequest { Name = stack.Names.FailureParameter }, cancellationToken);
            return FailureLambdaConfig.Parse(answer.Parameter.Value);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return FailureLambdaConfig.Disabled;
        }
    }

    private ExecutionEnvironment Acquire()
    {
        if (idle.TryPop(out var warm))
        {
            return warm;
        }

        var environment = new ExecutionEnvironment(Interlocked.Increment(ref nextEnvironmentId), clients);
        all[environment.Id] = environment;
        return environment;
    }

}
