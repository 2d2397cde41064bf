using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Chaos.Engine.Report;
using Shouldly;

namespace Chaos.Engine.Tests.Report;

/// <summary>
/// The report in a real browser (Debian's Chromium, headless): built from the sample journals, loaded from disk, its
/// scripts run; the DOM it leaves must hold a drawn chart per indicator with its band and every marker, the verdicts,
/// and the page must write nothing to the console. The last two tests show the check fails when charts or markers are missing.
/// </summary>
public sealed class ReportBrowserTests : IDisposable
{
    private static readonly string[] Journals = [ReportTestData.Exp1Deviated, ReportTestData.GuardTripped, ReportTestData.ChaosToolkit];
    private readonly string folder = Directory.CreateTempSubdirectory("chaos-report-browser-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static List<ReportExperiment> Experiments() => [.. Journals.Select(ReportTestData.Load)];

    private async Task<(IDocument Dom, IReadOnlyList<string> Console)> OpenAsync(string html)
    {
        var path = Path.Combine(folder, $"page-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(path, html, TestContext.Current.CancellationToken);
        var (dom, console) = await HeadlessChromium.DumpAsync(path, TestContext.Current.CancellationToken);
        return (new HtmlParser().ParseDocument(dom), console);
    }

    [Fact]
    public async Task The_report_draws_a_chart_per_indicator_with_its_band_and_markers_and_logs_nothing()
    {
        HeadlessChromium.Require();
        var experiments = Experiments();

        var (dom, console) = await OpenAsync(ReportPage.Render("browser test", experiments, [], []));

        console.ShouldBeEmpty();
        ReportDomCheck.Problems(dom, experiments).ShouldBeEmpty();
        dom.QuerySelectorAll("figure.indicator svg.ct-chart-line").Length.ShouldBe(9);
        dom.QuerySelectorAll("header.verdict .verdict-word").Select(w => w.TextContent).ShouldBe(["DEVIATED", "DEVIATED", "DEVIATED"]);
        dom.QuerySelectorAll("#exp1-deviated figure[data-indicator='normal-error-rates'] line.marker").Select(m => m.GetAttribute("data-kind"))
            .ShouldBe(["injection", "rollback", "restored"]);
        dom.QuerySelectorAll("#guard-tripped figure[data-indicator='normal-error-rates'] line.marker").Select(m => m.GetAttribute("data-kind"))
            .ShouldBe(["injection", "guard-trip", "rollback", "restored"]);
        dom.QuerySelectorAll("#chaostoolkit-journal figure[data-indicator='normal-error-rates'] line.marker").Select(m => m.GetAttribute("data-kind"))
            .ShouldBe(["action", "rollback"]);
    }

    [Fact]
    public async Task In_exp_1_the_error_rate_line_crosses_the_shaded_band_after_the_injection_marker_with_a_gap_where_data_was_missing()
    {
        HeadlessChromium.Require();

        var (dom, _) = await OpenAsync(ReportPage.Render("exp_1", [ReportTestData.Load(ReportTestData.Exp1Deviated)], [], []));

        var svg = dom.QuerySelector("figure[data-indicator='normal-error-rates'] svg").ShouldNotBeNull();
        var bandTop = ReportDomCheck.Number(svg.QuerySelector("rect.band").ShouldNotBeNull(), "y");
        var injection = ReportDomCheck.Number(svg.QuerySelector("line.marker-injection").ShouldNotBeNull(), "x1");
        var points = svg.QuerySelectorAll("line.ct-point").Select(p => (X: ReportDomCheck.Number(p, "x1"), Y: ReportDomCheck.Number(p, "y1"))).ToList();

        // SVG's y grows downwards: above the band is a smaller y than the band's top edge.
        points.Where(p => p.X < injection).ShouldAllBe(p => p.Y > bandTop);
        points.Count(p => p.X > injection && p.Y < bandTop).ShouldBe(3, "12.7, 24.3 and 31.6 are above the band's 5");
        svg.QuerySelectorAll("line.ct-point.not-met").Length.ShouldBe(3);

        // the no-data window splits the line in two (two "M" moves) and is crossed on the time axis
        svg.QuerySelector("path.ct-line").ShouldNotBeNull().GetAttribute("d").ShouldNotBeNull().Count(c => c == 'M').ShouldBe(2);
        svg.QuerySelectorAll("path.no-data").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_page_whose_charts_are_not_drawn_fails_the_check()
    {
        HeadlessChromium.Require();
        var experiments = Experiments();
        var withoutScript = ReportPage.Render("no script", experiments, [], []).Replace(ReportAssets.Script, string.Empty, StringComparison.Ordinal);

        var (dom, _) = await OpenAsync(withoutScript);

        ReportDomCheck.Problems(dom, experiments).ShouldContain("exp1-deviated/normal-error-rates: no chart drawn");
    }

    [Fact]
    public async Task A_page_without_markers_fails_the_check_and_a_console_error_is_seen()
    {
        HeadlessChromium.Require();
        var experiments = Experiments();
        var page = ReportPage.Render("no markers", [.. experiments.Select(e => e with { Markers = [] })], [], [])
            .Replace("</body>", "<script>console.error('deliberate');</script></body>", StringComparison.Ordinal);

        var (dom, console) = await OpenAsync(page);

        var problems = ReportDomCheck.Problems(dom, experiments);
        problems.ShouldContain("exp1-deviated/normal-error-rates: no injection marker");
        problems.ShouldContain("guard-tripped/messages-in-flight: no guard-trip marker");
        console.ShouldHaveSingleItem().ShouldContain("deliberate");
    }
}
