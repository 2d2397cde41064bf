using Amazon.SQS.Model;
using Chaos.Fixtures.Settings;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.Load;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Chaos.Sandbox.Cli;

/// <summary>
/// The drivers alone (publisher and subscriber) against the stack an env file names — a real AWS stack or the sandbox —
/// for as long as asked, since the experiments need load there too.
/// </summary>
public sealed class DriveRunner(TextWriter output)
{
    public async Task<int> RunAsync(string? envFile, double loadRate, double minutes, CancellationToken cancellationToken)
    {
        if (envFile is not null)
        {
            Environment.SetEnvironmentVariable(SettingNames.EnvFile, Path.GetFullPath(envFile));
        }

        ChaosSettings settings;
        try
        {
            settings = ChaosSettingsLoader.Load(new EnvironmentVariablesConfigurationSource());
        }
        catch (ChaosSettingsException e)
        {
            await output.WriteLineAsync($"drive: {e.Message}");
            return 2;
        }

        var endpoint = settings.Endpoints.TryGetValue(SettingNames.EndpointUrl, out var uri) ? uri : null;
        var clients = new AwsClientFactory(endpoint, settings.Region);
        using var s3 = clients.S3();
        using var sqs = clients.Sqs();
        var queueUrl = settings.CsvQueueUrl ?? (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = settings.CsvQueueName }, cancellationToken)).QueueUrl;
        var rate = loadRate * settings.TimeScale;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromMinutes(minutes));
        var publisher = new Publisher(s3, settings.BucketName, rate, Random.Shared.NextDouble);
        var subscriber = new Subscriber(sqs, queueUrl);
        await output.WriteLineAsync($"drive: {rate:0.##} objects/s into s3://{settings.BucketName}/input/, draining {settings.CsvQueueName}, for at most {minutes} min (Ctrl+C stops)");
        await Task.WhenAll(publisher.RunAsync(stop.Token), subscriber.RunAsync(stop.Token));
        await output.WriteLineAsync($"drive: published {publisher.Published} ({publisher.Malformed} malformed), drained {subscriber.Drained}");
        return 0;
    }
}
