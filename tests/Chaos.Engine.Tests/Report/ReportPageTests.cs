using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Chaos.Engine.Report;
using Shouldly;

namespace Chaos.Engine.Tests.Report;

/// <summary>The page as written, before any browser runs it: what it says, what it embeds, and that it fetches nothing.</summary>
public sealed class ReportPageTests
{
    private static IDocument Render(params ReportExperiment[] experiments) =>
        new HtmlParser().ParseDocument(ReportPage.Render("a run", experiments, [new ReportLink("TRX (chaos.trx)", "chaos.trx")], []));

    [Fact]
    public void The_verdict_and_its_reason_come_first_in_each_experiment()
    {
        var page = Render(ReportTestData.Load(ReportTestData.Exp1Deviated));

        var section = page.QuerySelector("section.experiment").ShouldNotBeNull();
        var header = section.FirstElementChild.ShouldNotBeNull();
        header.ClassList.ShouldContain("verdict-deviated");
        header.QuerySelector(".verdict-word").ShouldNotBeNull().TextContent.ShouldBe("DEVIATED");
        header.QuerySelector(".reason").ShouldNotBeNull().TextContent.ShouldStartWith("the hypothesis was not met after the method: normal-error-rates = 31.6");
        header.QuerySelector(".deciding").ShouldNotBeNull().TextContent.ShouldContain("normal-error-rates = 31.6 (tolerance [0, 5])");
        header.QuerySelector(".marginal-flag").ShouldBeNull();
    }

    [Fact]
    public void A_held_verdict_too_close_to_call_is_flagged_marginal_at_the_top_and_in_the_contents()
    {
        var held = ReportTestData.Load(ReportTestData.Exp1Deviated) with { Verdict = "held", Marginal = "normal-error-rates = 4.8 is within 10 % of the edge 5" };

        var page = Render(held);

        page.QuerySelector("header.verdict .marginal-flag").ShouldNotBeNull().TextContent.ShouldBe("MARGINAL");
        page.QuerySelector("header.verdict .marginal").ShouldNotBeNull().TextContent.ShouldContain("within 10 % of the edge 5");
        page.QuerySelector(".contents .badge").ShouldNotBeNull().TextContent.ShouldBe("HELD · MARGINAL");
    }

    [Fact]
    public void The_time_scale_is_stated_and_times_are_AWS_time()
    {
        var page = Render(ReportTestData.Load(ReportTestData.Exp1Deviated));

        var statement = page.QuerySelector("p.timescale").ShouldNotBeNull();
        statement.GetAttribute("data-time-scale").ShouldBe("10");
        statement.TextContent.ShouldContain("Time scale 10");
        statement.TextContent.ShouldContain("AWS time = real time × 10");

        // the injection step started 12.3 real seconds after the run: 123 s of AWS time
        page.QuerySelector("p.fault").ShouldNotBeNull().TextContent.ShouldContain("started at 2:03");
    }

    [Fact]
    public void Each_indicator_carries_its_samples_band_and_markers_for_the_page_script_with_no_data_as_null()
    {
        var page = Render(ReportTestData.Load(ReportTestData.Exp1Deviated));

        var figure = page.QuerySelector("figure.indicator[data-indicator='normal-error-rates']").ShouldNotBeNull();
        figure.ClassList.ShouldContain("deciding");
        using var data = JsonDocument.Parse(figure.QuerySelector("script.chart-data").ShouldNotBeNull().TextContent);
        var samples = data.RootElement.GetProperty("samples").EnumerateArray().ToList();
        samples.Count.ShouldBe(8);
        samples[3].GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);
        samples[7].GetProperty("value").GetDouble().ShouldBe(31.6);
        data.RootElement.GetProperty("band").GetProperty("high").GetDouble().ShouldBe(5);
        data.RootElement.GetProperty("markers").EnumerateArray().Select(m => m.GetProperty("kind").GetString()).ShouldBe(["injection", "rollback", "restored"]);
    }

    [Fact]
    public void The_fault_the_rollback_the_evidence_and_the_files_are_shown()
    {
        var page = Render(ReportTestData.Load(ReportTestData.Exp1Deviated));

        page.QuerySelector("pre.fault-value").ShouldNotBeNull().TextContent.ShouldContain("\"failureMode\":\"latency\"");
        page.QuerySelector(".rollback-outcome").ShouldNotBeNull().TextContent.ShouldBe("succeeded");
        page.QuerySelector(".evidence.found").ShouldNotBeNull().TextContent.ShouldContain("27 injection lines");
        page.QuerySelectorAll("section.experiment .links a").Select(a => a.GetAttribute("href")).ShouldBe(["exp1-deviated.json", "chaos.trx"]);
    }

    [Fact]
    public void Nothing_is_fetched_every_script_and_style_is_inline_and_the_licence_travels_with_chartist()
    {
        var page = Render(ReportTestData.Load(ReportTestData.Exp1Deviated), ReportTestData.Load(ReportTestData.ChaosToolkit));

        page.QuerySelectorAll("script[src], link, img, iframe, object, embed, video, audio, source").ShouldBeEmpty();
        page.QuerySelectorAll("style").ShouldAllBe(s => !s.TextContent.Contains("url(") && !s.TextContent.Contains("@import"));
        page.QuerySelectorAll("script").Select(s => s.TextContent).ShouldAllBe(text => !text.Contains("sourceMappingURL"));
        page.QuerySelectorAll("script:not([type])").First().TextContent.ShouldContain("Copyright (c) 2013 Gion Kunz");
    }

    [Fact]
    public void Text_from_a_journal_is_shown_as_text_never_run()
    {
        var hostile = ReportTestData.Load(ReportTestData.Exp1Deviated) with { Title = "<script>alert(1)</script>", Reason = "</script><b>bold</b>" };

        var page = Render(hostile);

        page.QuerySelector("h2").ShouldNotBeNull().TextContent.ShouldBe("<script>alert(1)</script>");
        page.QuerySelectorAll("b").Select(b => b.TextContent).ShouldNotContain("bold");
        page.QuerySelectorAll("script:not([type])").Count().ShouldBe(2);
    }
}
