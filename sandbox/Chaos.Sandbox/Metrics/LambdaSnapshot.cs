namespace Chaos.Sandbox.Metrics;

/// <summary>The function's activity over one publication interval.</summary>
internal sealed record LambdaSnapshot(int Invocations, int Errors, int Throttles, int PeakConcurrent, IReadOnlyList<double> DurationsMs);
