using System.Globalization;
using System.Text;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// One line the layer's proxy writes to stdout, which Lambda puts in the function's log stream as is. The proxy logs
/// with <c>tracing_subscriber::fmt().json().with_target(false).with_current_span(false)</c> (layer/proxy/src/main.rs,
/// tracing-subscriber 0.3.22): <c>{"timestamp":"…Z","level":"INFO","fields":{"source":"failure-lambda",…}}</c>, the
/// fields in the order the macro names them, the timestamp with microseconds (fmt/time/datetime.rs), strings escaped
/// and floats written as serde_json writes them (<c>60.0</c>).
/// </summary>
internal sealed record LayerLogLine(string Level, IReadOnlyList<KeyValuePair<string, object>> Fields)
{
    public static LayerLogLine Info(params ReadOnlySpan<(string Name, object Value)> fields) => Of("INFO", fields);

    public static LayerLogLine Warn(params ReadOnlySpan<(string Name, object Value)> fields) => Of("WARN", fields);

    public static LayerLogLine Error(params ReadOnlySpan<(string Name, object Value)> fields) => Of("ERROR", fields);

    /// <summary>The value of a field, for tests and readers.</summary>
    public object? this[string name] => Fields.FirstOrDefault(f => f.Key == name).Value;

    public string Render(DateTimeOffset at)
    {
        var line = new StringBuilder("{\"timestamp\":\"")
            .Append(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))
            .Append("\",\"level\":\"").Append(Level).Append("\",\"fields\":{");
        for (var i = 0; i < Fields.Count; i++)
        {
            line.Append(i == 0 ? string.Empty : ",").Append(Quote(Fields[i].Key)).Append(':').Append(Value(Fields[i].Value));
        }

        return line.Append("}}").ToString();
    }

    /// <summary>A Rust <c>Vec&lt;&amp;String&gt;</c> recorded with <c>?</c>: its Debug text, <c>["latency", "denylist"]</c>.</summary>
    public static string DebugList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(i => "\"" + i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "]";

    private static LayerLogLine Of(string level, ReadOnlySpan<(string Name, object Value)> fields)
    {
        var all = new List<KeyValuePair<string, object>>(fields.Length + 1) { new("source", "failure-lambda") };
        foreach (var (name, value) in fields)
        {
            all.Add(new(name, value));
        }

        return new LayerLogLine(level, all);
    }

    private static string Value(object value) => value switch
    {
        string s => Quote(s),
        bool b => b ? "true" : "false",
        double d => Float(d),
        IFormattable integer => integer.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? string.Empty),
    };

    // serde_json's f64: the shortest text that reads back, with ".0" on a whole number and "e" for an exponent.
    private static string Float(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            var parts = text.Split('E');
            return parts[0] + "e" + int.Parse(parts[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    // serde_json's string escapes: quote, backslash, the short control escapes, other controls as \u00xx; nothing else.
    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
