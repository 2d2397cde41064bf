using System.Globalization;
using System.Text.Json;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// <c>serde_json::from_value::&lt;FlagValue&gt;</c> as the proxy runs it (layer/proxy/src/config.rs): fields visited in
/// the order of serde_json's map (sorted: without the preserve_order feature it is a BTreeMap, and the proxy's
/// Cargo.lock gives serde_json no indexmap), unknown fields ignored, a null optional field absent, and the first
/// type error ends it, worded as serde words it (<c>invalid type: string "50", expected u32</c>).
/// </summary>
internal static class FlagDeserializer
{
    public static string? TryRead(JsonElement flag, out FlagValue value)
    {
        value = new FlagValue();
        foreach (var (name, field) in Fields(flag))
        {
            string? error = null;
            value = name switch
            {
                "enabled" => value with { Enabled = field.ValueKind is JsonValueKind.True or JsonValueKind.False ? field.GetBoolean() : Fail<bool>(field, "a boolean", out error) },
                "percentage" => value with { Percentage = Optional(field, f => (uint)Unsigned(f, uint.MaxValue, "u32", out error)) },
                "min_latency" => value with { MinLatency = Optional(field, f => Float(f, out error)) },
                "max_latency" => value with { MaxLatency = Optional(field, f => Float(f, out error)) },
                "exception_msg" => value with { ExceptionMsg = Optional(field, f => Text(f, out error)) },
                "status_code" => value with { StatusCode = Optional(field, f => (ushort)Unsigned(f, ushort.MaxValue, "u16", out error)) },
                "disk_space" => value with { DiskSpace = Optional(field, f => (uint)Unsigned(f, uint.MaxValue, "u32", out error)) },
                "deny_list" => value with { DenyList = Optional(field, f => Texts(f, out error)) },
                "timeout_buffer_ms" => value with { TimeoutBufferMs = Optional(field, f => Float(f, out error)) },
                "body" => value with { Body = Optional(field, f => Text(f, out error)) },
                "match" => value with { Match = Optional(field, f => Conditions(f, out error)) },
                _ => value,
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>An object's fields as serde_json's map holds them: sorted, and the last of a duplicated key.</summary>
    public static IEnumerable<(string Name, JsonElement Value)> Fields(JsonElement value) =>
        value.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal).Select(g => (g.Key, g.Last().Value)).OrderBy(p => p.Key, StringComparer.Ordinal);

    private static T? Optional<T>(JsonElement field, Func<JsonElement, T> read) => field.ValueKind == JsonValueKind.Null ? default : read(field);

    private static ulong Unsigned(JsonElement field, ulong max, string type, out string? error)
    {
        error = null;
        if (field.ValueKind == JsonValueKind.Number && field.TryGetUInt64(out var n))
        {
            return n <= max ? n : Invalid<ulong>(string.Create(CultureInfo.InvariantCulture, $"integer `{n}`"), type, out error);
        }

        if (field.ValueKind == JsonValueKind.Number && field.TryGetInt64(out var negative))
        {
            return Invalid<ulong>(string.Create(CultureInfo.InvariantCulture, $"integer `{negative}`"), type, out error);
        }

        return Fail<ulong>(field, type, out error);
    }

    private static double Float(JsonElement field, out string? error)
    {
        error = null;
        return field.ValueKind == JsonValueKind.Number ? field.GetDouble() : Fail<double>(field, "f64", out error);
    }

    private static string Text(JsonElement field, out string? error)
    {
        error = null;
        return field.ValueKind == JsonValueKind.String ? field.GetString()! : Fail<string>(field, "a string", out error) ?? string.Empty;
    }

    private static List<string> Texts(JsonElement field, out string? error)
    {
        error = null;
        if (field.ValueKind != JsonValueKind.Array)
        {
            return Fail<List<string>>(field, "a sequence", out error) ?? [];
        }

        var texts = new List<string>();
        foreach (var item in field.EnumerateArray())
        {
            texts.Add(Text(item, out error));
            if (error is not null)
            {
                break;
            }
        }

        return texts;
    }

    private static List<MatchCondition> Conditions(JsonElement field, out string? error)
    {
        error = null;
        if (field.ValueKind != JsonValueKind.Array)
        {
            return Fail<List<MatchCondition>>(field, "a sequence", out error) ?? [];
        }

        var conditions = new List<MatchCondition>();
        foreach (var item in field.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return Fail<List<MatchCondition>>(item, "struct MatchCondition", out error) ?? [];
            }

            string? path = null;
            string? text = null;
            MatchOperator? op = null;
            foreach (var (name, part) in Fields(item))
            {
                switch (name)
                {
                    case "path":
                        path = Text(part, out error);
                        break;
                    case "value" when part.ValueKind != JsonValueKind.Null:
                        text = Text(part, out error);
                        break;
                    case "operator" when part.ValueKind != JsonValueKind.Null:
                        op = Operator(part, out error);
                        break;
                }

                if (error is not null)
                {
                    return conditions;
                }
            }

            if (path is null)
            {
                error = "missing field `path`";
                return conditions;
            }

            conditions.Add(new MatchCondition(path, text, op));
        }

        return conditions;
    }

    private static MatchOperator Operator(JsonElement field, out string? error)
    {
        error = null;
        switch (field.ValueKind == JsonValueKind.String ? field.GetString() : null)
        {
            case "eq": return MatchOperator.Eq;
            case "exists": return MatchOperator.Exists;
            case "startsWith": return MatchOperator.StartsWith;
            case "regex": return MatchOperator.Regex;
            case { } other:
                error = $"unknown variant `{other}`, expected one of `eq`, `exists`, `startsWith`, `regex`";
                return MatchOperator.Eq;
            default:
                return Fail<MatchOperator>(field, "string or map", out error);
        }
    }

    private static T? Fail<T>(JsonElement actual, string expected, out string? error)
    {
        error = $"invalid type: {Unexpected(actual)}, expected {expected}";
        return default;
    }

    private static T? Invalid<T>(string actual, string expected, out string? error)
    {
        error = $"invalid value: {actual}, expected {expected}";
        return default;
    }

    // serde's Unexpected, as serde_json displays it (a null is "null", not "unit value").
    private static string Unexpected(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => $"boolean `{(value.GetBoolean() ? "true" : "false")}`",
        JsonValueKind.Number when value.TryGetInt64(out var n) => string.Create(CultureInfo.InvariantCulture, $"integer `{n}`"),
        JsonValueKind.Number => $"floating point `{value.GetRawText()}`",
        JsonValueKind.String => $"string \"{value.GetString()}\"",
        JsonValueKind.Array => "sequence",
        JsonValueKind.Object => "map",
        _ => "null",
    };
}
