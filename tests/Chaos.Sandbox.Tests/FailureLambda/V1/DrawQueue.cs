namespace Chaos.Sandbox.Tests.FailureLambda.V1;

/// <summary>The random source as a queue of draws: a test fails if the code under test draws more than it should.</summary>
internal sealed class DrawQueue(params double[] draws)
{
    private readonly Queue<double> pending = new(draws);

    public int Left => pending.Count;

    public double Next() => pending.TryDequeue(out var draw) ? draw : throw new InvalidOperationException("drew more often than the test allows");
}
