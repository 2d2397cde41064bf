namespace Chaos.Sandbox.Metrics;

/// <summary>How a service metric is aggregated over its minute before CloudWatch receives it.</summary>
internal enum MinuteAggregation
{
    /// <summary>A count: the minute's sum (SQS sent/received/deleted, Lambda invocations and errors).</summary>
    Sum,

    /// <summary>The minute's peak (Lambda ConcurrentExecutions).</summary>
    Maximum,

    /// <summary>Every value, as a statistic set (Lambda Duration: its minimum, maximum, sum and count).</summary>
    Distribution,

    /// <summary>A level sampled once per minute (SQS ApproximateNumberOfMessages*).</summary>
    Gauge,
}
