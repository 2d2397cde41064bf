using System.Globalization;
using Chaos.Aws.CloudWatch.Model;

namespace Chaos.Sandbox.CloudWatchFront;

/// <summary>
/// Reads a GetMetricData request sent with the AWS query protocol (a form body: <c>Action=GetMetricData&amp;
/// MetricDataQueries.member.1.Id=…&amp;MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=…</c>),
/// as older AWS CLIs and SDKs send it.
/// </summary>
internal static class QueryProtocolReader
{
    public static GetMetricDataRequest Read(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var request = new GetMetricDataRequest
        {
            StartTime = Time(form, "StartTime"),
            EndTime = Time(form, "EndTime"),
            ScanBy = form.GetValueOrDefault("ScanBy"),
            NextToken = form.GetValueOrDefault("NextToken"),
            MaxDatapoints = form.TryGetValue("MaxDatapoints", out var max) ? int.Parse(max, CultureInfo.InvariantCulture) : null,
        };
        for (var n = 1; form.ContainsKey($"MetricDataQueries.member.{n}.Id"); n++)
        {
            var prefix = $"MetricDataQueries.member.{n}.";
            var query = new MetricDataQuery
            {
                Id = form[prefix + "Id"],
                Expression = form.GetValueOrDefault(prefix + "Expression"),
                Label = form.GetValueOrDefault(prefix + "Label"),
                ReturnData = form.TryGetValue(prefix + "ReturnData", out var returnData) ? bool.Parse(returnData) : null,
                Period = form.TryGetValue(prefix + "Period", out var period) ? int.Parse(period, CultureInfo.InvariantCulture) : null,
            };
            if (form.TryGetValue(prefix + "MetricStat.Metric.MetricName", out var metricName))
            {
                var stat = prefix + "MetricStat.";
                query.MetricStat = new MetricStat
                {
                    Metric = new Metric { Namespace = form.GetValueOrDefault(stat + "Metric.Namespace") ?? string.Empty, MetricName = metricName },
                    Period = int.Parse(form[stat + "Period"], CultureInfo.InvariantCulture),
                    Stat = form[stat + "Stat"],
                    Unit = form.GetValueOrDefault(stat + "Unit"),
                };
                for (var d = 1; form.ContainsKey($"{stat}Metric.Dimensions.member.{d}.Name"); d++)
                {
                    query.MetricStat.Metric.Dimensions.Add(new Dimension { Name = form[$"{stat}Metric.Dimensions.member.{d}.Name"], Value = form[$"{stat}Metric.Dimensions.member.{d}.Value"] });
                }
            }

            request.MetricDataQueries.Add(query);
        }

        return request;
    }

    private static DateTime Time(IReadOnlyDictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var text)
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime
            : throw new FormatException($"{name} is missing");
}
