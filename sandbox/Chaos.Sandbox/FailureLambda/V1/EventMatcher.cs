using System.Text.Encodings.Web;
using System.Text.Json;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// layer/proxy/src/failures.rs <c>matches_conditions</c>: every condition holds for the event the function receives.
/// A path is resolved through objects only (<c>serde_json::Value::get</c> with a string key finds nothing in an
/// array), so for an SQS event — <c>{"Records": [...]}</c> — a condition can reach <c>Records</c> but nothing inside
/// a record; the npm package (src/matching.ts) does index arrays. Values compare as the proxy prints them: a string
/// as is, a number or boolean as written, an array or object as compact JSON with its keys sorted (serde_json's map).
/// </summary>
internal static class EventMatcher
{
    public static bool Matches(JsonElement @event, IReadOnlyList<MatchCondition> conditions) => conditions.All(c => Holds(@event, c));

    private static bool Holds(JsonElement @event, MatchCondition condition)
    {
        var actual = Resolve(@event, condition.Path);
        var value = condition.Value ?? string.Empty;
        return (condition.Operator ?? MatchOperator.Eq) switch
        {
            MatchOperator.Exists => actual is { ValueKind: not JsonValueKind.Null },
            MatchOperator.StartsWith => actual is { ValueKind: not JsonValueKind.Null } a && Text(a).StartsWith(value, StringComparison.Ordinal),
            MatchOperator.Regex => actual is { ValueKind: not JsonValueKind.Null } a && RustRegex.Compile(value) is { } regex && regex.IsMatch(Text(a)),
            _ => actual is { ValueKind: not JsonValueKind.Null } a && Text(a) == value,
        };
    }

    /// <summary><c>get_nested_value</c>: split on '.', each part a key of an object; anything else ends the walk with nothing.</summary>
    private static JsonElement? Resolve(JsonElement @event, string path)
    {
        var current = @event;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !TryLastProperty(current, part, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static bool TryLastProperty(JsonElement value, string name, out JsonElement found)
    {
        found = default;
        var any = false;
        foreach (var property in value.EnumerateObject().Where(p => p.NameEquals(name)))
        {
            found = property.Value;
            any = true;
        }

        return any;
    }

    /// <summary><c>json_value_to_string</c>: a string's contents, else the value's JSON text.</summary>
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => Compact(value),
    };

    private static string Compact(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var (name, field) in FlagDeserializer.Fields(value))
                {
                    writer.WritePropertyName(name);
                    Write(writer, field);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
