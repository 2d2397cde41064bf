using System.Text.Json;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// layer/proxy/src/config.rs <c>validate_flag_value</c>: every error of a flag that deserialized, each a
/// (field, message) pair logged as a warning before the flag is skipped. Unlike the npm package's validator it has no
/// ReDoS check and words a missing <c>enabled</c> the same as a wrong one.
/// </summary>
internal static class FlagValidator
{
    public static List<(string Field, string Message)> Validate(string mode, FlagValue flag, JsonElement raw)
    {
        var errors = new List<(string Field, string Message)>();
        if (!raw.TryGetProperty("enabled", out var enabled) || enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(($"{mode}.enabled", "must be a boolean"));
        }

        if (flag.Percentage > 100)
        {
            errors.Add(($"{mode}.percentage", "must be an integer between 0 and 100"));
        }

        switch (mode)
        {
            case "latency":
                if (flag.MinLatency < 0)
                {
                    errors.Add(($"{mode}.min_latency", "must be a non-negative number"));
                }

                if (flag.MaxLatency < 0)
                {
                    errors.Add(($"{mode}.max_latency", "must be a non-negative number"));
                }

                if (flag.MinLatency > flag.MaxLatency)
                {
                    errors.Add(($"{mode}.max_latency", "max_latency must be >= min_latency"));
                }

                break;
            case "statuscode" when flag.StatusCode is < 100 or > 599:
                errors.Add(($"{mode}.status_code", "must be an HTTP status code (100-599)"));
                break;
            case "diskspace" when flag.DiskSpace is 0 or > 10240:
                errors.Add(($"{mode}.disk_space", "must be between 1 and 10240 (MB)"));
                break;
            case "denylist" when flag.DenyList is { } patterns:
                for (var i = 0; i < patterns.Count; i++)
                {
                    if (!RustRegex.IsValid(patterns[i]))
                    {
                        errors.Add(($"{mode}.deny_list[{i}]", "invalid regular expression"));
                    }
                }

                break;
            case "timeout" when flag.TimeoutBufferMs < 0:
                errors.Add(($"{mode}.timeout_buffer_ms", "must be a non-negative number"));
                break;
        }

        for (var i = 0; i < (flag.Match?.Count ?? 0); i++)
        {
            var condition = flag.Match![i];
            if (condition.Path.Length == 0)
            {
                errors.Add(($"{mode}.match[{i}].path", "must be a non-empty string"));
            }

            var op = condition.Operator ?? MatchOperator.Eq;
            if (op != MatchOperator.Exists && condition.Value is null)
            {
                errors.Add(($"{mode}.match[{i}].value", "must be a string (required for all operators except 'exists')"));
            }

            if (op == MatchOperator.Regex && condition.Value is { } pattern && !RustRegex.IsValid(pattern))
            {
                errors.Add(($"{mode}.match[{i}].value", "invalid regular expression"));
            }
        }

        return errors;
    }
}
