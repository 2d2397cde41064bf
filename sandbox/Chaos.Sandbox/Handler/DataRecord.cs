namespace Chaos.Sandbox.Handler;

/// <summary>One object the publisher wrote: <c>{"symbol", "messageId", "value", "objectName", "submissionDate", "author", "version"}</c>.</summary>
internal sealed record DataRecord(string Symbol, string MessageId, double Value, string ObjectName, string SubmissionDate, string Author, string Version);
