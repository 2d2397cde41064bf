using System.Globalization;
using System.Text.RegularExpressions;

namespace Chaos.Sandbox.Metrics;

/// <summary>
/// When each namespace's service metrics reach CloudWatch, in AWS time. The defaults (README, "Metric delays") follow AWS's
/// documentation and common practice: SQS and Lambda push one-minute metrics that arrive a minute or more after the
/// minute they describe (Datadog waits about 2 minutes for 1-minute CloudWatch metrics; Telegraf's CloudWatch input
/// defaults to <c>delay = "5m"</c>), and SNS's likewise. Metrics a function puts itself (<c>PutMetricData</c>, e.g.
/// <c>ChaosTransformer/SymbolWriteCount</c>) are not delayed: CloudWatch stores them at once.
/// </summary>
internal sealed partial record PublicationDelays(IReadOnlyDictionary<string, PublicationDelay> ByNamespace)
{
    public static PublicationDelays Default { get; } = new(new Dictionary<string, PublicationDelay>(StringComparer.Ordinal)
    {
        ["AWS/SQS"] = new(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(30)),
        ["AWS/Lambda"] = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)),
        ["AWS/SNS"] = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)),
    });

    /// <summary>Every service metric visible as soon as its minute ends (the old, kinder-than-AWS behaviour).</summary>
    public static PublicationDelays Immediate { get; } = new(new Dictionary<string, PublicationDelay>(StringComparer.Ordinal));

    public PublicationDelay For(string ns) => ByNamespace.GetValueOrDefault(ns, PublicationDelay.None);

    /// <summary>The longest a datapoint can take to arrive after its minute ends.</summary>
    public TimeSpan Longest => ByNamespace.Values.Select(d => d.Delay + d.Jitter).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>
    /// Reads <c>none</c>, or overrides of the defaults: <c>AWS/SQS=90s</c>, <c>AWS/Lambda=60s±15s</c>, several separated by commas.
    /// </summary>
    public static PublicationDelays Parse(IEnumerable<string> specifications)
    {
        ArgumentNullException.ThrowIfNull(specifications);
        var delays = new Dictionary<string, PublicationDelay>(Default.ByNamespace, StringComparer.Ordinal);
        foreach (var part in specifications.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (part == "none")
            {
                delays.Clear();
                continue;
            }

            var match = Specification().Match(part);
            if (!match.Success)
            {
                throw new FormatException($"'{part}' is not a metric delay: write NAMESPACE=SECONDSs (e.g. AWS/SQS=90s, AWS/Lambda=60s±15s) or none");
            }

            var delay = TimeSpan.FromSeconds(double.Parse(match.Groups["delay"].Value, CultureInfo.InvariantCulture));
            var jitter = match.Groups["jitter"].Success ? TimeSpan.FromSeconds(double.Parse(match.Groups["jitter"].Value, CultureInfo.InvariantCulture)) : TimeSpan.Zero;
            delays[match.Groups["ns"].Value] = new PublicationDelay(delay, jitter);
        }

        return new PublicationDelays(delays);
    }

    public override string ToString() =>
        ByNamespace.Count == 0 ? "none (visible when each minute ends)" : string.Join(", ", ByNamespace.Select(d => $"{d.Key} {d.Value}"));

    [GeneratedRegex(@"^(?<ns>[A-Za-z0-9/_.-]+)=(?<delay>\d+(\.\d+)?)s(\s*(±|\+-)\s*(?<jitter>\d+(\.\d+)?)s)?$")]
    private static partial Regex Specification();
}
