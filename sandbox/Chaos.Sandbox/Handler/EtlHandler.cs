using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Sandbox.FunctionHost;

namespace Chaos.Sandbox.Handler;

/// <summary>
/// The workshop's ETL function, per SQS message: read the S3 object the event names, parse it (malformed JSON throws),
/// update DynamoDB twice and then count <c>ChaosTransformer/SymbolWriteCount</c>, and write the CSV to
/// <c>output/&lt;name&gt;.csv</c>. With <see cref="HandlerMode.FireAndForget"/> the DynamoDB work is not awaited.
/// </summary>
internal sealed class EtlHandler(string table, HandlerMode mode, BackgroundWork background, Action csvWritten)
{
    public async Task HandleAsync(string sqsBody, ExecutionEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (bucket, key) = ParseS3Event(sqsBody);
        using var response = await environment.S3.GetObjectAsync(bucket, key, cancellationToken);
        using var reader = new StreamReader(response.ResponseStream);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var record = ParseRecord(text); // malformed objects throw here, as JSON.parse does

        // Started before the CSV is written and, in the workshop's code, never awaited.
        var writes = WriteAsync(record, environment, cancellationToken);
        if (mode == HandlerMode.FireAndForget)
        {
            background.Track(writes);
        }

        var name = Path.GetFileNameWithoutExtension(key);
        var csv = string.Join(',', record.ObjectName, record.SubmissionDate, record.Author, record.Version) + "\n";
        await environment.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"output/{name}.csv", ContentBody = csv, ContentType = "text/csv" }, cancellationToken);
        csvWritten(); // S3 has notified the topic, which has delivered to the CSV queue

        if (mode == HandlerMode.Awaited)
        {
            await writes;
        }
    }

    private async Task WriteAsync(DataRecord record, ExecutionEnvironment environment, CancellationToken cancellationToken)
    {
        var symbol = record.Symbol;
        var value = record.Value;
        await environment.DynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = new() { ["symbol"] = new AttributeValue { S = symbol }, ["entryType"] = new AttributeValue { S = "latest" } },
            UpdateExpression = "ADD #total :v, #count :one SET #last = :message",
            ExpressionAttributeNames = new() { ["#total"] = "total", ["#count"] = "count", ["#last"] = "lastMessageId" },
            ExpressionAttributeValues = new()
            {
                [":v"] = new AttributeValue { N = value.ToString(CultureInfo.InvariantCulture) },
                [":one"] = new AttributeValue { N = "1" },
                [":message"] = new AttributeValue { S = record.MessageId },
            },
        }, cancellationToken);
        await environment.DynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = new() { ["symbol"] = new AttributeValue { S = symbol }, ["entryType"] = new AttributeValue { S = record.MessageId } },
            UpdateExpression = "SET #value = :v, #object = :o",
            ExpressionAttributeNames = new() { ["#value"] = "value", ["#object"] = "objectName" },
            ExpressionAttributeValues = new()
            {
                [":v"] = new AttributeValue { N = value.ToString(CultureInfo.InvariantCulture) },
                [":o"] = new AttributeValue { S = record.ObjectName },
            },
        }, cancellationToken);
        await environment.CloudWatch.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "ChaosTransformer",
            MetricData = [new MetricDatum { MetricName = "SymbolWriteCount", Dimensions = [new Dimension { Name = "DynamoDBTable", Value = table }], Value = 1, Unit = "Count", Timestamp = DateTime.UtcNow }],
        }, cancellationToken);
    }

    private static DataRecord ParseRecord(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        return new DataRecord(
            Field(root, "symbol"),
            Field(root, "messageId"),
            root.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0,
            Field(root, "objectName"),
            Field(root, "submissionDate"),
            Field(root, "author"),
            Field(root, "version"));
    }

    private static (string Bucket, string Key) ParseS3Event(string body)
    {
        using var document = JsonDocument.Parse(body);
        var s3 = document.RootElement.GetProperty("Records")[0].GetProperty("s3");
        var key = WebUtility.UrlDecode(s3.GetProperty("object").GetProperty("key").GetString()!);
        return (s3.GetProperty("bucket").GetProperty("name").GetString()!, key);
    }

    private static string Field(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText() : string.Empty;
}
