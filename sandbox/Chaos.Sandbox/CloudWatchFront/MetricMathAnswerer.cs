using Chaos.Aws.CloudWatch;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Aws.MetricMath;

namespace Chaos.Sandbox.CloudWatchFront;

/// <summary>
/// Answers a GetMetricData call with metric math as CloudWatch does: the metric queries are read from moto (which
/// stores the data but returns an empty series for every expression), the expressions evaluated with the project's
/// metric-math evaluator (CloudWatch's semantics: per-timestamp alignment, no point where a side is missing or a
/// division is by zero), and a result returned for every query whose <c>ReturnData</c> is not false, in query order,
/// newest value first unless <c>ScanBy</c> is <c>TimestampAscending</c>, each with its label and <c>StatusCode</c>.
/// </summary>
internal sealed class MetricMathAnswerer(IAmazonCloudWatch moto)
{
    public async Task<GetMetricDataResponse> AnswerAsync(GetMetricDataRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        MetricMathEvaluator.Validate(request.MetricDataQueries);
        var raw = MetricMathEvaluator.RawQueries(request.MetricDataQueries);
        var fetched = raw.Count == 0
            ? new GetMetricDataResponse()
            : await moto.GetAllMetricDataAsync(
                new GetMetricDataRequest { MetricDataQueries = raw, StartTime = request.StartTime, EndTime = request.EndTime, ScanBy = "TimestampAscending" },
                cancellationToken);
        var labels = fetched.MetricDataResults.ToDictionary(r => r.Id, r => r.Label, StringComparer.Ordinal);
        var series = MetricMathEvaluator.Evaluate(request.MetricDataQueries, fetched.MetricDataResults);
        var ascending = string.Equals(request.ScanBy, "TimestampAscending", StringComparison.Ordinal);
        var response = new GetMetricDataResponse();
        foreach (var query in request.MetricDataQueries.Where(q => q.ReturnData != false))
        {
            var points = ascending ? series[query.Id].Points : series[query.Id].Points.Reverse().ToList();
            response.MetricDataResults.Add(new MetricDataResult
            {
                Id = query.Id,
                Label = query.Label ?? (query.Expression is null ? labels.GetValueOrDefault(query.Id) ?? query.MetricStat?.Metric.MetricName : query.Id),
                Timestamps = [.. points.Select(p => p.Key)],
                Values = [.. points.Select(p => p.Value)],
                StatusCode = "Complete",
            });
        }

        return response;
    }

    /// <summary>Whether a request needs this answerer at all: without an expression, moto's own answer is CloudWatch's.</summary>
    public static bool HasExpression(GetMetricDataRequest request) => request.MetricDataQueries.Any(q => q.Expression is not null);
}
