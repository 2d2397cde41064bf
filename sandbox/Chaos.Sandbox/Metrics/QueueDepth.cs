namespace Chaos.Sandbox.Metrics;

/// <summary>A queue's message counts as SQS reports them (GetQueueAttributes).</summary>
internal sealed record QueueDepth(long Visible, long NotVisible, long Delayed)
{
    public long Total => Visible + NotVisible + Delayed;
}
