namespace Chaos.Sandbox.Metrics;

/// <summary>
/// What the function host really did, accumulated between two publications: invocations, errors (timeouts
/// included), durations in AWS-equivalent milliseconds, the peak of concurrent executions.
/// </summary>
internal sealed class LambdaMetrics
{
    private readonly Lock gate = new();
    private readonly List<double> durations = [];
    private int invocations;
    private int errors;
    private int throttles;
    private int concurrent;
    private int peakConcurrent;

    public IDisposable Enter()
    {
        lock (gate)
        {
            concurrent++;
            peakConcurrent = Math.Max(peakConcurrent, concurrent);
        }

        return new Exit(this);
    }

    public void Record(double awsDurationMs, bool error)
    {
        lock (gate)
        {
            invocations++;
            errors += error ? 1 : 0;
            durations.Add(awsDurationMs);
        }
    }

    public void RecordThrottle()
    {
        lock (gate)
        {
            throttles++;
        }
    }

    public LambdaSnapshot TakeSnapshot()
    {
        lock (gate)
        {
            var snapshot = new LambdaSnapshot(invocations, errors, throttles, peakConcurrent, [.. durations]);
            invocations = errors = throttles = 0;
            peakConcurrent = concurrent;
            durations.Clear();
            return snapshot;
        }
    }

    private sealed class Exit(LambdaMetrics owner) : IDisposable
    {
        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.concurrent--;
            }
        }
    }
}
