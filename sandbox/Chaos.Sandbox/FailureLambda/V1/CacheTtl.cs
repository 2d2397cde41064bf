using System.Globalization;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// layer/proxy/src/config.rs <c>get_cache_ttl</c>, read on every config request: <c>FAILURE_CACHE_TTL</c> seconds when
/// it is a non-negative number, else 60 s with a warning (on every request, as the proxy does); unset, 60 s for SSM and
/// 0 (no cache) for AppConfig, whose extension caches already. The value is in AWS time; the sandbox scales it.
/// </summary>
internal static class CacheTtl
{
    public const string Variable = "FAILURE_CACHE_TTL";

    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    public static TimeSpan Read(IReadOnlyDictionary<string, string> variables, Action<LayerLogLine> log)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(log);
        var appConfig = FailureLambdaLayer.IsAppConfig(variables);
        if (!variables.TryGetValue(Variable, out var text) || text.Length == 0)
        {
            return appConfig ? TimeSpan.Zero : Default;
        }

        // Rust's f64 parser: plain decimal or exponent notation, no thousands separators, "NaN" parses but is not >= 0.
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0 && double.IsFinite(seconds))
        {
            if (seconds > 0 && appConfig)
            {
                log(LayerLogLine.Warn(("action", "config"), ("message", string.Create(CultureInfo.InvariantCulture, $"FAILURE_CACHE_TTL={seconds}s with AppConfig — the AppConfig extension already caches at its poll interval; library caching adds staleness"))));
            }

            return TimeSpan.FromSeconds(seconds);
        }

        log(LayerLogLine.Warn(("action", "config"), ("message", $"invalid FAILURE_CACHE_TTL=\"{text}\", using default 60s")));
        return Default;
    }
}
