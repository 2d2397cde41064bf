using Chaos.Engine.Definition;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Journal;
using Chaos.Engine.Report;
using Shouldly;

namespace Chaos.Engine.Tests.Report;

/// <summary>The harness's journal on the report's time axis: AWS seconds since the run started (real seconds × time scale).</summary>
public sealed class EngineJournalViewTests
{
    [Fact]
    public void Every_indicator_is_charted_before_during_and_after_in_AWS_time_with_no_data_kept_as_a_gap()
    {
        var report = ReportTestData.Load(ReportTestData.Exp1Deviated);

        report.Verdict.ShouldBe("deviated");
        report.TimeScale.ShouldBe(10);
        report.Indicators.Select(i => i.Name).ShouldBe(["zero-sns-errors", "messages-in-flight", "normal-error-rates"]);
        var errors = report.Indicators[2];
        errors.Deciding.ShouldBeTrue();
        report.Indicators.Take(2).ShouldAllBe(i => !i.Deciding);
        errors.Band.ShouldBe(new ToleranceBand(0, 5));
        errors.WindowSeconds.ShouldBe(300);

        // windows ending 6 s (real) before the start, every 6 s during, and the after-check's at 48 s: times 10
        errors.Samples.Select(s => s.AwsSeconds).ShouldBe([-60, 0, 60, 120, 180, 240, 300, 480], tolerance: 1e-6);
        errors.Samples.Select(s => s.Value).ShouldBe([0.8, 0.9, 1.2, null, 4.4, 12.7, 24.3, 31.6]);
        errors.Samples.Select(s => s.Phase).ShouldBe(["before", "during", "during", "during", "during", "during", "during", "after"]);
        errors.Samples[3].Note.ShouldNotBeNull().ShouldContain("not complete");
    }

    [Fact]
    public void The_injection_the_rollback_and_the_restore_are_marked_where_the_journal_recorded_them()
    {
        var report = ReportTestData.Load(ReportTestData.Exp1Deviated);

        report.Markers.Select(m => m.Kind).ShouldBe([MarkerKinds.Injection, MarkerKinds.Rollback, MarkerKinds.Restored]);

        // injection read back 12.55 s after the start, rollback started at 48.62 s and the restore ended at 48.90 s (real)
        report.Markers.Select(m => m.AwsSeconds).ShouldBe([125.5, 486.2, 489.0], tolerance: 1e-6);
        report.Fault.ShouldNotBeNull().Output.ShouldBe("""{"isEnabled":true,"failureMode":"latency","rate":0.5,"minLatency":3000,"maxLatency":5000}""");
        report.Rollbacks.ShouldHaveSingleItem().Status.ShouldBe("succeeded");
        report.Evidence.ShouldNotBeNull().Found.ShouldBeTrue();
        report.Deciding.ShouldBe(["normal-error-rates = 31.6 (tolerance [0, 5])"]);
    }

    [Fact]
    public void A_pause_ended_by_a_guard_is_marked_as_the_guard_trip()
    {
        var report = ReportTestData.Load(ReportTestData.GuardTripped);

        report.TimeScale.ShouldBe(60);
        report.Markers.Select(m => (m.Kind, m.AwsSeconds)).ShouldBe(
            [(MarkerKinds.Injection, 5.3 * 60), (MarkerKinds.GuardTrip, 13.05 * 60), (MarkerKinds.Rollback, 13.07 * 60), (MarkerKinds.Restored, 13.31 * 60)]);
        report.Indicators.Single(i => i.Name == "normal-error-rates").Samples.ShouldAllBe(s => s.Phase != "after");
    }

    [Fact]
    public void An_injection_is_recognised_by_the_name_the_engine_gives_every_inject_step()
    {
        var journal = JournalWriter.Read(ReportTestData.PathOf(ReportTestData.Exp1Deviated));
        var inject = Step.Inject(FailureLambdaFault.Denylist(["dynamodb.*.amazonaws.com"], rate: 0.5));
        var renamed = journal with { Run = [journal.Run[0] with { Activity = new JournalActivity("action", inject.Name) }, .. journal.Run.Skip(1)] };

        var report = EngineJournalView.From(renamed, "a", null);

        report.Markers.ShouldContain(m => m.Kind == MarkerKinds.Injection);
        report.Fault.ShouldNotBeNull().Name.ShouldBe(inject.Name);
    }

    [Fact]
    public void A_cancellation_is_marked_when_it_reached_the_run()
    {
        var journal = JournalWriter.Read(ReportTestData.PathOf(ReportTestData.Exp1Deviated));

        var report = EngineJournalView.From(journal with { InterruptedAt = journal.Start.AddSeconds(20) }, "a", null);

        report.Markers.Single(m => m.Kind == MarkerKinds.Interrupted).AwsSeconds.ShouldBe(200, tolerance: 1e-6);
    }
}
