using System.Globalization;
using AngleSharp.Dom;
using Chaos.Engine.Report;

namespace Chaos.Engine.Tests.Report;

/// <summary>
/// What a rendered report must show, checked on the DOM a browser left after running the page's scripts, against the
/// experiments the page was built from: per experiment its section and verdict word; per indicator a drawn chart with a
/// point for every sample that has a value, a line through them, the shaded band when the tolerance has edges, and a
/// marker line for every moment the experiment marks. Returns every problem, so a failure names all that is missing.
/// </summary>
internal static class ReportDomCheck
{
    public static List<string> Problems(IDocument dom, IEnumerable<ReportExperiment> experiments)
    {
        var problems = new List<string>();
        foreach (var experiment in experiments)
        {
            if (dom.GetElementById(experiment.Anchor) is not { } section)
            {
                problems.Add($"{experiment.Anchor}: no section");
                continue;
            }

            var word = section.QuerySelector("header.verdict .verdict-word")?.TextContent;
            if (word != experiment.Verdict.Replace('-', ' ').ToUpperInvariant())
            {
                problems.Add($"{experiment.Anchor}: verdict shown as '{word}', not {experiment.Verdict}");
            }

            foreach (var indicator in experiment.Indicators)
            {
                problems.AddRange(Chart(section, experiment, indicator).Select(p => $"{experiment.Anchor}/{indicator.Name}: {p}"));
            }
        }

        return problems;
    }

    private static IEnumerable<string> Chart(IElement section, ReportExperiment experiment, IndicatorSeries indicator)
    {
        var figure = section.QuerySelectorAll("figure.indicator").FirstOrDefault(f => f.GetAttribute("data-indicator") == indicator.Name);
        if (figure?.QuerySelector("div.chart[data-drawn='true'] svg.ct-chart-line") is not { } svg)
        {
            yield return "no chart drawn";
            yield break;
        }

        var values = indicator.Samples.Count(s => s.Value is not null);
        var points = svg.QuerySelectorAll("line.ct-point").Length;
        if (points != values)
        {
            yield return $"{points} points drawn for {values} samples with a value";
        }

        if (values > 1 && svg.QuerySelector("path.ct-line") is null)
        {
            yield return "no line";
        }

        if (indicator.Band is not null)
        {
            var band = svg.QuerySelector("rect.band");
            if (band is null)
            {
                yield return "no tolerance band";
            }
            else if (Number(band, "height") <= 0)
            {
                yield return "a tolerance band with no height";
            }
        }

        var gaps = indicator.Samples.Count(s => s.Value is null);
        if (svg.QuerySelectorAll("path.no-data").Length != gaps)
        {
            yield return $"{svg.QuerySelectorAll("path.no-data").Length} no-data crosses for {gaps} samples without data";
        }

        foreach (var kind in experiment.Markers.Select(m => m.Kind).Distinct())
        {
            if (svg.QuerySelector($"line.marker[data-kind='{kind}']") is null)
            {
                yield return $"no {kind} marker";
            }
        }
    }

    public static double Number(IElement element, string attribute) =>
        double.Parse(element.GetAttribute(attribute) ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture);
}
