namespace Chaos.Sandbox.Randomness;

/// <summary>
/// The sandbox's randomness, from one seed printed at start (<c>--seed</c> repeats a run): one independent, thread-safe
/// stream per purpose — the publisher's draws, failure-lambda's draws, the metrics' publication jitter — so that one
/// part drawing more often does not shift another's sequence.
/// </summary>
internal sealed class SeededRandom(int seed)
{
    public int Seed => seed;

    /// <summary>A stream of draws in [0, 1) for <paramref name="purpose"/>, the same for the same seed and purpose.</summary>
    public Func<double> Stream(string purpose)
    {
        var random = new Random(HashCode.Combine(seed, StableHash(purpose)));
        var gate = new Lock();
        return () =>
        {
            lock (gate)
            {
                return random.NextDouble();
            }
        };
    }

    /// <summary>A fresh seed for a run that was not given one.</summary>
    public static int NewSeed() => Random.Shared.Next(1, int.MaxValue);

    // string.GetHashCode is randomised per process; the purpose must map to the same stream in every run.
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
