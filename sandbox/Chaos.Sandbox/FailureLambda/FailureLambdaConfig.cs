using System.Globalization;
using System.Text.Json;

namespace Chaos.Sandbox.FailureLambda;

/// <summary>
/// The failure-lambda parameter as 0.4.x reads it: JSON parsed on every invocation, anything unreadable means
/// "disabled". Only a boolean <c>true</c> enables it; <c>rate</c> is compared as JavaScript would (a numeric string works,
/// anything else never injects).
/// </summary>
internal sealed record FailureLambdaConfig(
    bool IsEnabled,
    string? FailureMode,
    double? Rate,
    double? MinLatency,
    double? MaxLatency,
    string? ExceptionMsg,
    int? StatusCode,
    double? DiskSpace,
    IReadOnlyList<string>? Denylist)
{
    public static readonly FailureLambdaConfig Disabled = new(false, null, null, null, null, null, null, null, null);

    public static FailureLambdaConfig Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Disabled;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Disabled;
            }

            return new FailureLambdaConfig(
                root.TryGetProperty("isEnabled", out var enabled) && enabled.ValueKind == JsonValueKind.True,
                String(root, "failureMode"),
                Number(root, "rate"),
                Number(root, "minLatency"),
                Number(root, "maxLatency"),
                String(root, "exceptionMsg"),
                Number(root, "statusCode") is { } code ? (int)code : null,
                Number(root, "diskSpace"),
                root.TryGetProperty("denylist", out var list) && list.ValueKind == JsonValueKind.Array
                    ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
                    : null);
        }
        catch (JsonException)
        {
            return Disabled;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
