namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// The config cache of one execution environment's proxy (layer/proxy/src/config.rs <c>ConfigManager.cache</c>): the
/// last config fetched and when. It lives as long as the proxy process, so a new environment, or a runtime restarted
/// after a timeout (the wrapper starts a new proxy), begins without one.
/// </summary>
internal sealed class ConfigCache
{
    private readonly Lock gate = new();
    private (FlagsConfig Config, long FetchedAt)? entry;

    /// <summary>The cached config while younger than <paramref name="ttl"/>; none when the TTL is zero (caching off).</summary>
    public FlagsConfig? Fresh(TimeSpan ttl, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        lock (gate)
        {
            return entry is { } cached && ttl > TimeSpan.Zero && time.GetElapsedTime(cached.FetchedAt) < ttl ? cached.Config : null;
        }
    }

    /// <summary>The last config fetched, however old: what the proxy falls back on when a fetch fails.</summary>
    public FlagsConfig? Last
    {
        get
        {
            lock (gate)
            {
                return entry?.Config;
            }
        }
    }

    public void Store(FlagsConfig config, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        lock (gate)
        {
            entry = (config, time.GetTimestamp());
        }
    }

    /// <summary>A new proxy process: nothing cached.</summary>
    public void Clear()
    {
        lock (gate)
        {
            entry = null;
        }
    }
}
