using System.Text.Json;
using System.Text.Json.Nodes;
using Chaos.Engine.Report;
using Shouldly;

namespace Chaos.Engine.Tests.Report;

/// <summary>A journal written by Chaos Toolkit itself, charted beside the harness's: its probes, tolerances and actions.</summary>
public sealed class ChaosToolkitJournalViewTests
{
    [Fact]
    public void Its_probes_are_charted_by_the_value_their_tolerance_checked()
    {
        var report = ReportTestData.Load(ReportTestData.ChaosToolkit);

        report.Format.ShouldBe(ReportExperiment.ChaosToolkitFormat);
        report.Title.ShouldBe("Minor delay should not impact processing");
        report.TimeScale.ShouldBe(1);
        report.Indicators.Select(i => i.Name).ShouldBe(["zero-sns-errors", "messages-in-flight", "normal-error-rates"]);

        // a process probe's output is {"status", "stdout", "stderr"}; its range's target is "stdout"; "None" (no datapoint) is a gap
        var errors = report.Indicators[2];
        errors.Samples.Select(s => s.Value).ShouldBe([0.8, 0.9, 3.8, null, 14.2, 22.7, 31.6]);
        errors.Samples.Select(s => s.AwsSeconds).ShouldBe([2.8, 64.8, 126.8, 188.8, 250.8, 312.8, 366.8], tolerance: 1e-6);
        errors.Band.ShouldBe(new ToleranceBand(0, 5));
        errors.Tolerance.ShouldBe("[0, 5] of its stdout");
        errors.Deciding.ShouldBeTrue();

        // a python probe's number against a number tolerance: exactly that number
        report.Indicators[0].Band.ShouldBe(new ToleranceBand(0, 0));
        report.Indicators[0].Samples.ShouldAllBe(s => s.Value == 0);
    }

    [Fact]
    public void Its_verdict_is_derived_from_status_and_deviated_and_the_reason_says_so()
    {
        var report = ReportTestData.Load(ReportTestData.ChaosToolkit);

        report.Verdict.ShouldBe("deviated");
        report.Reason.ShouldContain("status completed, deviated true");
        report.Deciding.ShouldBe(["normal-error-rates = 31.6 (tolerance [0, 5] of its stdout)"]);
    }

    [Fact]
    public void Its_actions_and_its_rollback_are_marked()
    {
        var report = ReportTestData.Load(ReportTestData.ChaosToolkit);

        report.Markers.Select(m => (m.Kind, m.Label)).ShouldBe([(MarkerKinds.Action, "Enable Lambda failure: LATENCY"), (MarkerKinds.Rollback, "rollback")]);
        report.Markers.Select(m => m.AwsSeconds).ShouldBe([3.1, 368.0], tolerance: 1e-6);
        report.Rollbacks.ShouldHaveSingleItem().Name.ShouldBe("Disable Lambda failures");
        report.Fault.ShouldBeNull();
    }

    [Theory]
    [InlineData("completed", false, true, "held")]
    [InlineData("completed", true, true, "deviated")]
    [InlineData("failed", false, false, "not-steady-before")]
    [InlineData("aborted", false, true, "error")]
    [InlineData("interrupted", false, true, "interrupted")]
    public void Each_status_reads_as_the_verdict_the_harness_would_give(string status, bool deviated, bool steadyBefore, string verdict)
    {
        var journal = JsonNode.Parse(File.ReadAllText(ReportTestData.PathOf(ReportTestData.ChaosToolkit)))!.AsObject();
        journal["status"] = status;
        journal["deviated"] = deviated;
        journal["steady_states"]!["before"]!["steady_state_met"] = steadyBefore;
        using var document = JsonDocument.Parse(journal.ToJsonString());

        ChaosToolkitJournalView.From(document.RootElement, "a", null).Verdict.ShouldBe(verdict);
    }

    [Fact]
    public void A_journal_the_harness_wrote_in_chaos_toolkit_s_shape_shows_the_harness_s_verdict_in_aws_time()
    {
        // A Chaos Toolkit file run by the harness: its verdict was decided once, and status "failed" would read as "error".
        var journal = JsonNode.Parse(File.ReadAllText(ReportTestData.PathOf(ReportTestData.ChaosToolkit)))!.AsObject();
        journal["status"] = "failed";
        journal["deviated"] = false;
        journal["harness"] = new JsonObject
        {
            ["verdict"] = "inconclusive",
            ["reason"] = "the hypothesis held, but nothing shows the fault took effect",
            ["deciding"] = new JsonArray("normal-error-rates = 3.8 (tolerance [0, 5])"),
            ["marginal"] = "normal-error-rates within 1.2 of its edge",
            ["time_scale"] = 10,
            ["notes"] = new JsonArray("Rollbacks always run"),
        };
        using var document = JsonDocument.Parse(journal.ToJsonString());

        var report = ChaosToolkitJournalView.From(document.RootElement, "a", null);

        report.Verdict.ShouldBe("inconclusive");
        report.Reason.ShouldBe("the hypothesis held, but nothing shows the fault took effect");
        report.Deciding.ShouldBe(["normal-error-rates = 3.8 (tolerance [0, 5])"]);
        report.Indicators[2].Deciding.ShouldBeTrue();
        report.Marginal.ShouldBe("normal-error-rates within 1.2 of its edge");
        report.Notes.ShouldBe(["Rollbacks always run"]);
        report.TimeScale.ShouldBe(10);
        report.Indicators[2].Samples[0].AwsSeconds.ShouldBe(28, tolerance: 1e-6);
    }

    [Fact]
    public void The_harness_own_journal_is_not_taken_for_chaos_toolkit_s()
    {
        using var harness = JsonDocument.Parse(File.ReadAllText(ReportTestData.PathOf(ReportTestData.Exp1Deviated)));
        using var toolkit = JsonDocument.Parse(File.ReadAllText(ReportTestData.PathOf(ReportTestData.ChaosToolkit)));

        ChaosToolkitJournalView.Recognises(harness.RootElement).ShouldBeFalse();
        ChaosToolkitJournalView.Recognises(toolkit.RootElement).ShouldBeTrue();
    }
}
