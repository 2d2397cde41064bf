using System.Text.Json.Nodes;
using Amazon.SQS.Model;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// The event Lambda's SQS event-source mapping gives the function for one message (batch size 1):
/// <c>{"Records": [{"messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfBody",
/// "eventSource": "aws:sqs", "eventSourceARN", "awsRegion"}]}</c>; what 1.x's match conditions are evaluated against.
/// </summary>
internal static class SqsEvent
{
    public static string Render(Message message, string queueArn, string region)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attributes = new JsonObject();
        foreach (var (name, value) in message.Attributes ?? [])
        {
            attributes[name] = value;
        }

        var record = new JsonObject
        {
            ["messageId"] = message.MessageId,
            ["receiptHandle"] = message.ReceiptHandle,
            ["body"] = message.Body,
            ["attributes"] = attributes,
            ["messageAttributes"] = new JsonObject(),
            ["md5OfBody"] = message.MD5OfBody,
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = queueArn,
            ["awsRegion"] = region,
        };
        return new JsonObject { ["Records"] = new JsonArray(record) }.ToJsonString();
    }

    /// <summary>The queue's ARN from its URL and the function's ARN (same account and region).</summary>
    public static string QueueArn(string queueUrl, string functionArn)
    {
        var arn = (functionArn ?? string.Empty).Split(':');
        var queue = (queueUrl ?? string.Empty).TrimEnd('/').Split('/')[^1];
        return arn.Length > 4 ? $"arn:aws:sqs:{arn[3]}:{arn[4]}:{queue}" : $"arn:aws:sqs:::{queue}";
    }
}
