using System.Text.Json;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// layer/proxy/src/config.rs <c>parse_flags</c>: the parameter's JSON into flags, logging what it skips. A value that is
/// not an object is no config; a 0.x key (<c>isEnabled</c>, <c>failureMode</c>) earns one warning per parse; a key that
/// is not a mode is ignored without a word; a flag that is not an object, does not deserialize or fails validation is
/// skipped with warnings. What survives is the config, whatever was skipped.
/// </summary>
internal static class FlagsParser
{
    public const string ZeroXWarning = "detected 0.x configuration format — this version requires the v1.0 feature-flag format";

    public static FlagsConfig Parse(JsonElement raw, Action<LayerLogLine> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (raw.ValueKind != JsonValueKind.Object)
        {
            log(LayerLogLine.Warn(("action", "config"), ("message", "config is not a JSON object")));
            return FlagsConfig.Empty;
        }

        if (raw.TryGetProperty("isEnabled", out _) || raw.TryGetProperty("failureMode", out _))
        {
            log(LayerLogLine.Warn(("action", "config"), ("message", ZeroXWarning)));
        }

        var flags = new Dictionary<string, FlagValue>(StringComparer.Ordinal);
        foreach (var (mode, value) in FlagDeserializer.Fields(raw).Where(f => FlagsConfig.ModeOrder.Contains(f.Name)))
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                log(LayerLogLine.Warn(("action", "config"), ("mode", mode), ("message", "must be an object, skipping")));
                continue;
            }

            if (FlagDeserializer.TryRead(value, out var flag) is { } error)
            {
                log(LayerLogLine.Warn(("action", "config"), ("mode", mode), ("message", $"failed to parse flag: {error}")));
                continue;
            }

            var errors = FlagValidator.Validate(mode, flag, value);
            if (errors.Count > 0)
            {
                foreach (var (field, message) in errors)
                {
                    log(LayerLogLine.Warn(("action", "config"), ("field", field), ("message", message)));
                }

                log(LayerLogLine.Warn(("action", "config"), ("mode", mode), ("message", "skipping flag due to validation errors")));
                continue;
            }

            flags[mode] = flag;
        }

        return new FlagsConfig(flags);
    }
}
