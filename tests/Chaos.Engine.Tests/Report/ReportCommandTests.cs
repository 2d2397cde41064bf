using AngleSharp.Html.Parser;
using Chaos.Engine.Report;
using Shouldly;

namespace Chaos.Engine.Tests.Report;

/// <summary><c>dotnet Chaos.Engine.dll report …</c>: a run's report.html, the index of runs beside it, and pages from any journals.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("chaos-report-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    // A results folder as run-chaos.sh leaves it: journals/, a TRX and a JUnit file.
    private string Run(string name, params (string Name, string Text)[] journals)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(Path.Combine(folder, "journals"));
        foreach (var (file, text) in journals)
        {
            File.WriteAllText(Path.Combine(folder, "journals", file), text);
        }

        File.WriteAllText(Path.Combine(folder, "chaos_net10.0_20261125212136.trx"), "<TestRun />");
        File.WriteAllText(Path.Combine(folder, "chaos-Chaos.Experiments.junit.xml"), "<testsuites />");
        return folder;
    }

    private static (string Name, string Text) Journal(string name, string? rename = null, Func<string, string>? edit = null) =>
        (rename ?? name, (edit ?? (t => t))(File.ReadAllText(ReportTestData.PathOf(name))));

    private static (int Code, string Output, string Error) Report(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ReportCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_results_folder_gets_its_report_linking_its_journals_TRX_and_JUnit_and_the_path_is_printed()
    {
        var folder = Run("20261125T212000Z", Journal(ReportTestData.Exp1Deviated), Journal(ReportTestData.GuardTripped));

        var (code, output, error) = Report(folder);

        code.ShouldBe(0);
        error.ShouldBeEmpty();
        output.Trim().ShouldBe(Path.Combine(folder, "report.html"));
        var page = new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(folder, "report.html")));
        page.QuerySelectorAll("section.experiment").Select(s => s.Id).ShouldBe(["exp1-deviated", "guard-tripped"]);
        page.QuerySelectorAll("header.page .links a").Select(a => a.GetAttribute("href"))
            .ShouldBe(["../index.html", "chaos_net10.0_20261125212136.trx", "chaos-Chaos.Experiments.junit.xml"]);
        page.QuerySelectorAll("#exp1-deviated .links a").Select(a => a.GetAttribute("href"))
            .ShouldBe(["journals/exp1-deviated.json", "chaos_net10.0_20261125212136.trx", "chaos-Chaos.Experiments.junit.xml"]);
    }

    [Fact]
    public void The_index_lists_every_run_newest_first_with_verdict_deciding_indicator_and_link_and_a_trend_per_experiment()
    {
        Report(Run("older", Journal(ReportTestData.Exp1Deviated)));
        var newer = Run("newer", Journal(ReportTestData.Exp1Deviated, edit: t => t.Replace("2026-11-25T21:", "2026-11-26T21:", StringComparison.Ordinal)));

        Report(newer).Code.ShouldBe(0);

        var index = new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(root, "index.html")));
        var rows = index.QuerySelectorAll("table.runs tr.run").ToList();
        rows.Count.ShouldBe(2);
        rows[0].QuerySelector("td a").ShouldNotBeNull().TextContent.ShouldBe("newer");
        rows[0].GetAttribute("data-verdict").ShouldBe("deviated");
        rows[0].QuerySelector(".badge").ShouldNotBeNull().TextContent.ShouldBe("DEVIATED");
        rows[0].QuerySelector("td.deciding").ShouldNotBeNull().TextContent.ShouldBe("normal-error-rates = 31.6 (tolerance [0, 5])");
        rows[0].QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ShouldBe(["newer/report.html", "newer/report.html#exp1-deviated"]);
        rows[1].QuerySelector("td a").ShouldNotBeNull().TextContent.ShouldBe("older");

        var trend = index.QuerySelector("figure.trend[data-experiment='Minor delay should not impact processing']").ShouldNotBeNull();
        trend.QuerySelectorAll(".strip a.cell").Select(a => a.GetAttribute("href")).ShouldBe(["older/report.html#exp1-deviated", "newer/report.html#exp1-deviated"]);
        trend.QuerySelector(".spark-caption").ShouldNotBeNull().TextContent.ShouldBe("peak of normal-error-rates per run: 31.6, 31.6");
    }

    [Fact]
    public void A_journal_that_cannot_be_read_is_named_and_the_rest_of_the_run_is_still_reported()
    {
        var folder = Run("run", Journal(ReportTestData.Exp1Deviated), ("half.json", "{\"experiment\": {\"title\": "), ("other.json", "{\"status\": \"completed\"}"));

        var (code, _, error) = Report(folder);

        code.ShouldBe(0);
        error.ShouldContain("half.json could not be read");
        error.ShouldContain("other.json could not be read: other.json is neither the harness's journal nor Chaos Toolkit's");
        var page = new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(folder, "report.html")));
        page.QuerySelectorAll("section.experiment").Length.ShouldBe(1);
        var problems = page.QuerySelectorAll("section.problems li").Select(li => li.TextContent).ToList();
        problems.Count.ShouldBe(2);
        problems[0].ShouldStartWith("half.json could not be read");
        problems[1].ShouldBe("other.json could not be read: other.json is neither the harness's journal nor Chaos Toolkit's");
    }

    [Fact]
    public void Journal_files_of_either_kind_render_into_one_page()
    {
        var output = Path.Combine(root, "out", "compare.html");

        var (code, printed, _) = Report("--out", output, ReportTestData.PathOf(ReportTestData.Exp1Deviated), ReportTestData.PathOf(ReportTestData.ChaosToolkit));

        code.ShouldBe(0);
        printed.Trim().ShouldBe(output);
        var page = new HtmlParser().ParseDocument(File.ReadAllText(output));
        page.QuerySelectorAll("section.experiment").Select(s => s.GetAttribute("data-format")).ShouldBe(["chaostoolkit", "chaos-harness"]);
        page.QuerySelectorAll("section[data-format='chaostoolkit'] figure.indicator").Select(f => f.GetAttribute("data-indicator"))
            .ShouldBe(["zero-sns-errors", "messages-in-flight", "normal-error-rates"]);
        page.QuerySelector("section[data-format='chaostoolkit'] .links a").ShouldNotBeNull().GetAttribute("href")
            .ShouldBe(Path.GetRelativePath(Path.GetDirectoryName(output)!, ReportTestData.PathOf(ReportTestData.ChaosToolkit)));
    }

    [Fact]
    public void Journals_that_share_a_file_name_each_keep_a_section_of_their_own()
    {
        var copy = Path.Combine(root, "elsewhere", ReportTestData.Exp1Deviated);
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(ReportTestData.PathOf(ReportTestData.Exp1Deviated), copy);
        var output = Path.Combine(root, "both.html");

        Report("--out", output, ReportTestData.PathOf(ReportTestData.Exp1Deviated), copy).Code.ShouldBe(0);

        new HtmlParser().ParseDocument(File.ReadAllText(output)).QuerySelectorAll("section.experiment").Select(s => s.Id)
            .ShouldBe(["exp1-deviated", "exp1-deviated-2"]);
    }

    [Theory]
    [InlineData]
    [InlineData("--out")]
    [InlineData("--out", "x.html")]
    [InlineData("a", "b")]
    public void Wrong_arguments_print_the_usage_and_exit_2(params string[] args)
    {
        var (code, output, error) = Report(args);

        code.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith("usage: dotnet Chaos.Engine.dll report RESULTS_DIR");
    }

    [Fact]
    public void A_folder_that_does_not_exist_or_journals_that_cannot_be_read_write_nothing_and_exit_2()
    {
        Report(Path.Combine(root, "missing")).Code.ShouldBe(2);
        File.WriteAllText(Path.Combine(root, "junk.json"), "not json");

        Report("--out", Path.Combine(root, "junk.html"), Path.Combine(root, "junk.json")).Code.ShouldBe(2);

        File.Exists(Path.Combine(root, "junk.html")).ShouldBeFalse();
        File.Exists(Path.Combine(root, "index.html")).ShouldBeFalse();
    }
}
