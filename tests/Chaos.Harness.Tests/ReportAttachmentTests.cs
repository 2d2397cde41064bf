using System.Text;
using Chaos.Engine.Outcome;
using Chaos.Engine.Running;
using Shouldly;

namespace Chaos.Harness.Tests;

/// <summary>The experiment's report, attached to its test result: what the IDE's and CI's test viewers show.</summary>
public sealed class ReportAttachmentTests
{
    private static readonly string Journal = Path.Combine(AppContext.BaseDirectory, "TestData", "exp1-deviated.json");

    private static ExperimentResult Result(string journalPath) =>
        new(new ExperimentOutcome(Verdict.Deviated, "the hypothesis was not met after the method", []), journalPath);

    [Fact]
    public void Given_a_journal_the_test_result_carries_its_HTML_report_with_the_verdict_and_a_chart_per_indicator()
    {
        // Given
        var result = Result(Journal);

        // When
        ReportAttachment.Attach(result, TestContext.Current);

        // Then
        var (bytes, mediaType) = TestContext.Current.Attachments.ShouldNotBeNull()["exp1-deviated-report"].AsByteArray();
        mediaType.ShouldBe("text/html");
        var html = Encoding.UTF8.GetString(bytes);
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<span class=\"verdict-word\">DEVIATED</span>");
        html.ShouldContain("data-indicator=\"normal-error-rates\"");
        html.ShouldContain("data-indicator=\"messages-in-flight\"");
        html.ShouldContain("data-indicator=\"zero-sns-errors\"");
        html.ShouldContain(new Uri(Journal).AbsoluteUri, customMessage: "the attached page links its journal by absolute path: it travels without its folder");
    }

    [Fact]
    public void Given_a_journal_that_cannot_be_read_nothing_is_attached_and_the_output_says_why()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-journal-{Guid.NewGuid():N}.json");

        ReportAttachment.Attach(Result(missing), TestContext.Current);

        TestContext.Current.Attachments.ShouldNotBeNull().ShouldNotContainKey(Path.GetFileNameWithoutExtension(missing) + "-report");
        TestContext.Current.TestOutputHelper.ShouldNotBeNull().Output.ShouldContain("The experiment's report could not be attached");
    }
}
