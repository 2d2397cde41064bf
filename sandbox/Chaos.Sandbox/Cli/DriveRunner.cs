using System.Globalization;
using Amazon.SQS.Model;
using Chaos.Aws.Configuration;
using Chaos.Aws.Endpoints;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.Load;
using Microsoft.Extensions.Configuration;

namespace Chaos.Sandbox.Cli;

/// <summary>
/// The drivers alone (publisher and subscriber) against the stack an env file names — a real AWS stack or the sandbox —
/// for as long as asked, since the experiments need load there too. Reads only the names it needs (bucket, CSV queue,
/// region, endpoint, time scale); the file is read, not executed, and exported variables win over it.
/// </summary>
internal sealed class DriveRunner(TextWriter output)
{
    public async Task<int> RunAsync(string? envFile, double loadRate, double minutes, CancellationToken cancellationToken)
    {
        var builder = new ConfigurationBuilder();
        if (envFile is not null)
        {
            builder.Add(new EnvFileConfigurationSource(Path.GetFullPath(envFile)));
        }

        IConfiguration variables;
        try
        {
            variables = builder.AddEnvironmentVariables().Build();
        }
        catch (EnvFileException e)
        {
            await output.WriteLineAsync($"drive: {e.Message}");
            return 2;
        }

        var missing = new[] { StackVariables.BucketName, StackVariables.CsvQueueName }.Where(name => string.IsNullOrWhiteSpace(variables[name])).ToList();
        var region = variables[StackVariables.Region] ?? variables[StackVariables.DefaultRegion];
        if (string.IsNullOrWhiteSpace(region))
        {
            missing.Add(StackVariables.Region);
        }

        if (missing.Count > 0)
        {
            await output.WriteLineAsync($"drive: missing {string.Join(", ", missing)}: pass the stack's {StackVariables.ResourceNamesFile} with --env-file, or source it first");
            return 2;
        }

        var scale = double.TryParse(variables[StackVariables.TimeScale], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1;
        var clients = new AwsClientFactory(new AwsEndpointResolver(name => variables[name]), region!.Trim());
        var bucket = variables[StackVariables.BucketName]!.Trim();
        var queueName = variables[StackVariables.CsvQueueName]!.Trim();
        using var s3 = clients.S3();
        using var sqs = clients.Sqs();
        var queueUrl = variables[StackVariables.CsvQueueUrl] is { Length: > 0 } url ? url : (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queueName }, cancellationToken)).QueueUrl;
        var rate = loadRate * scale;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromMinutes(minutes));
        var publisher = new Publisher(s3, bucket, rate, Random.Shared.NextDouble);
        var subscriber = new Subscriber(sqs, queueUrl, queueName);
        await output.WriteLineAsync($"drive: {rate:0.##} objects/s into s3://{bucket}/input/, draining {queueName}, for at most {minutes} min (Ctrl+C stops)");
        await Task.WhenAll(publisher.RunAsync(stop.Token), subscriber.RunAsync(stop.Token));
        await output.WriteLineAsync($"drive: published {publisher.Published} ({publisher.Malformed} malformed), drained {subscriber.Drained}");
        return 0;
    }
}
