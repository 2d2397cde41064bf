using Chaos.Engine.Outcome;
using Chaos.Engine.SteadyState;
using Shouldly;

namespace Chaos.Engine.Tests.Outcome;

/// <summary>The one outcome function, path by path: a pure function, so no clock and no network.</summary>
public sealed class OutcomeRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static IndicatorResult Indicator(string name, double? value, double max)
    {
        var tolerance = Tolerance.Between(0, max);
        var verdict = value is null ? IndicatorVerdict.NoData : tolerance.Accepts(value.Value) ? IndicatorVerdict.Met : IndicatorVerdict.NotMet;
        return new IndicatorResult(name, value, tolerance, verdict, verdict == IndicatorVerdict.Met, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), At);
    }

    private static HypothesisResult Steady => new("within norms", At, [Indicator("normal-error-rates", 3, 5), Indicator("messages-in-flight", 10, 80)]);

    private static HypothesisResult ErrorsAt(double percent) => new("within norms", At, [Indicator("normal-error-rates", percent, 5), Indicator("messages-in-flight", 10, 80)]);

    private static RunObservations Completed => new() { Before = Steady, After = Steady, Rollback = RollbackReport.Restored("failureLambdaConfig restored") };

    [Fact]
    public void Given_a_steady_system_before_and_after_the_fault_the_verdict_is_held()
    {
        var outcome = OutcomeRules.Decide(Completed);

        outcome.Verdict.ShouldBe(Verdict.Held);
        outcome.JournalStatus.ShouldBe("completed");
        outcome.Deviated.ShouldBeFalse();
        outcome.ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Given_no_guard_and_an_after_check_that_deviates_the_verdict_is_deviated_and_names_the_indicator()
    {
        var outcome = OutcomeRules.Decide(Completed with { After = ErrorsAt(51.667) });

        outcome.Verdict.ShouldBe(Verdict.Deviated);
        outcome.Reason.ShouldContain("normal-error-rates = 51.667");
        outcome.Deciding.ShouldHaveSingleItem().Name.ShouldBe("normal-error-rates");
        outcome.JournalStatus.ShouldBe("completed"); // Chaos Toolkit records a deviated run as completed, with deviated true
        outcome.Deviated.ShouldBeTrue();
        outcome.ExitCode.ShouldBe(1);
    }

    [Fact]
    public void Given_a_guard_that_tripped_the_verdict_is_deviated_and_says_when()
    {
        var tripped = Indicator("normal-error-rates", 60, 5);
        var outcome = OutcomeRules.Decide(Completed with { After = null, GuardTripped = new GuardTrip("normal-error-rates above 50", tripped, TimeSpan.FromSeconds(270), TimeSpan.FromSeconds(360)) });

        outcome.Verdict.ShouldBe(Verdict.Deviated);
        outcome.Reason.ShouldContain("after 270 s of the 360 s pause");
        outcome.Deciding.ShouldBe([tripped]);
    }

    [Fact]
    public void Given_an_indicator_with_no_data_after_the_method_the_verdict_is_deviated_never_held()
    {
        var noData = new HypothesisResult("within norms", At, [Indicator("normal-error-rates", null, 5)]);

        OutcomeRules.Decide(Completed with { After = noData }).Verdict.ShouldBe(Verdict.Deviated);
    }

    [Fact]
    public void Given_a_system_not_steady_before_nothing_was_tried_and_the_verdict_says_so()
    {
        var outcome = OutcomeRules.Decide(new RunObservations { Before = ErrorsAt(54.4) });

        outcome.Verdict.ShouldBe(Verdict.NotSteadyBefore);
        outcome.Reason.ShouldStartWith("the system was not steady before the experiment; nothing was injected.");
        outcome.Deciding.ShouldHaveSingleItem().Value.ShouldBe(54.4);
        outcome.JournalStatus.ShouldBe("failed");
        outcome.Deviated.ShouldBeFalse();
        outcome.ExitCode.ShouldBe(1);
    }

    private static HypothesisResult InFlight(double percent) => new("within norms", At, [Indicator("normal-error-rates", 3, 5), Indicator("messages-in-flight", percent, 80)]);

    [Fact]
    public void Given_a_hold_the_fault_brought_close_to_an_edge_it_is_flagged_marginal() =>
        OutcomeRules.Decide(Completed with { Before = InFlight(10), After = InFlight(75), MarginFraction = 0.1 }).Marginal
            .ShouldNotBeNull().ShouldStartWith("messages-in-flight = 75 is 5 from an edge of [0, 80], within the margin 8");

    [Fact]
    public void Given_a_hold_at_the_level_the_system_sat_at_before_near_the_same_edge_it_is_not_marginal()
    {
        // A healthy pipeline's percent in flight reads about 1 against [0, 80]: every held run would be "marginal" otherwise.
        var outcome = OutcomeRules.Decide(Completed with { Before = InFlight(1.5), During = [InFlight(2), InFlight(1.5)], After = InFlight(1), MarginFraction = 0.1 });

        outcome.Verdict.ShouldBe(Verdict.Held);
        outcome.Marginal.ShouldBeNull();
    }

    [Fact]
    public void Given_a_hold_whose_samples_trend_across_an_edge_it_is_flagged_marginal() =>
        OutcomeRules.Decide(Completed with
        {
            Before = InFlight(10),
            During = [InFlight(20) with { At = At.AddMinutes(-3) }, InFlight(40) with { At = At.AddMinutes(-2) }, InFlight(60) with { At = At.AddMinutes(-1) }],
            After = InFlight(70),
            MarginFraction = 0.1,
        }).Marginal.ShouldNotBeNull().ShouldContain("messages-in-flight trends across an edge of [0, 80]: 20 → 40 → 60 → 70");

    [Fact]
    public void Given_a_deviation_within_the_margin_of_the_edge_it_stays_deviated_and_is_flagged_with_the_systems_spread()
    {
        // The workshop's error rate at the 120 s timeout, once: 5.167 against [0, 5] after readings of 1.67 to 4.33.
        var outcome = OutcomeRules.Decide(Completed with
        {
            Before = ErrorsAt(1.67),
            During = [ErrorsAt(2.84), ErrorsAt(4.33)],
            After = ErrorsAt(5.167),
            MarginFraction = 0.1,
        });

        outcome.Verdict.ShouldBe(Verdict.Deviated);
        outcome.ExitCode.ShouldBe(1);
        outcome.Marginal.ShouldNotBeNull().ShouldStartWith("normal-error-rates = 5.167 is outside [0, 5] by 0.167, within the margin 0.5 (10 % of its width); before and during the pause it read 1.67 to 4.33.");
    }

    [Fact]
    public void Given_a_deviation_beyond_the_margin_it_is_not_flagged() =>
        OutcomeRules.Decide(Completed with { After = ErrorsAt(5.6), MarginFraction = 0.1 }).Marginal.ShouldBeNull();

    [Fact]
    public void Given_a_settle_that_ran_out_of_time_on_a_window_that_held_it_is_not_steady_before_all_the_same()
    {
        // One window held after the limit was reached, but not the two consecutive ones asked for (seen in a run: exp_2 went
        // on to "held" after exp_1's aftermath because its last settle window happened to hold).
        var outcome = OutcomeRules.Decide(Completed with { Settle = new SettleReport(false, 2, 1, TimeSpan.FromSeconds(204)) });

        outcome.Verdict.ShouldBe(Verdict.NotSteadyBefore);
        outcome.Reason.ShouldContain("It did not hold on 2 consecutive complete windows within 204 s (1 looked at). The last window held");
        outcome.ExitCode.ShouldBe(1);
    }

    [Fact]
    public void Given_no_evidence_that_the_fault_took_effect_a_steady_after_check_is_inconclusive_not_held()
    {
        var outcome = OutcomeRules.Decide(Completed with { Evidence = new FaultEvidence(false, "failure-lambda's log lines", "0 lines in 36 s") });

        outcome.Verdict.ShouldBe(Verdict.Inconclusive);
        outcome.Reason.ShouldContain("failure-lambda's log lines");
        outcome.JournalStatus.ShouldBe("failed");
        outcome.ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Given_evidence_that_the_fault_took_effect_a_steady_after_check_holds_and_says_what_was_seen() =>
        OutcomeRules.Decide(Completed with { Evidence = new FaultEvidence(true, "log lines", "212 injections logged") }).Reason.ShouldContain("212 injections logged");

    [Fact]
    public void Given_a_deviation_the_missing_evidence_does_not_matter_the_weakness_is_real() =>
        OutcomeRules.Decide(Completed with { After = ErrorsAt(40), Evidence = new FaultEvidence(false, "log lines", "none") }).Verdict.ShouldBe(Verdict.Deviated);

    [Theory]
    [InlineData("could not start")]
    [InlineData("before failed")]
    [InlineData("step failed")]
    [InlineData("after failed")]
    public void Given_the_harness_could_not_do_its_part_the_verdict_is_error(string how)
    {
        var observed = how switch
        {
            "could not start" => new RunObservations { CouldNotStart = "S3_BUCKET_NAME is missing" },
            "before failed" => new RunObservations { BeforeFailed = "Cannot reach http://127.0.0.1:1" },
            "step failed" => Completed with { After = null, MethodFailed = new StepFailure("Enable Lambda failure: LATENCY", "AccessDenied") },
            _ => Completed with { After = null, AfterFailed = "CloudWatch did not answer in time" },
        };

        var outcome = OutcomeRules.Decide(observed);

        outcome.Verdict.ShouldBe(Verdict.Error);
        outcome.JournalStatus.ShouldBe("aborted");
        outcome.ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Given_a_cancelled_run_the_verdict_is_interrupted_and_says_it_was_rolled_back()
    {
        var outcome = OutcomeRules.Decide(new RunObservations { Before = Steady, InterruptedAt = At, Rollback = RollbackReport.Restored("restored in 40 ms") });

        outcome.Verdict.ShouldBe(Verdict.Interrupted);
        outcome.Reason.ShouldContain("rolled back (restored in 40 ms)");
        outcome.JournalStatus.ShouldBe("interrupted");
        outcome.ExitCode.ShouldBe(130);
    }

    [Fact]
    public void Given_a_failed_rollback_the_verdict_is_error_whatever_else_happened_and_keeps_the_finding()
    {
        var outcome = OutcomeRules.Decide(Completed with { After = ErrorsAt(51), Rollback = RollbackReport.Failed("SSM throttled for 45 s; aws ssm put-parameter …") });

        outcome.Verdict.ShouldBe(Verdict.Error);
        outcome.Reason.ShouldStartWith("ROLLBACK FAILED: SSM throttled for 45 s");
        outcome.Reason.ShouldContain("the experiment itself: deviated");
    }

    [Fact]
    public void A_failed_rollback_outranks_an_interruption() =>
        OutcomeRules.Decide(new RunObservations { Before = Steady, InterruptedAt = At, Rollback = RollbackReport.Failed("gone") }).Verdict.ShouldBe(Verdict.Error);

    [Theory]
    [InlineData(new[] { Verdict.Held, Verdict.Held }, 0)]
    [InlineData(new[] { Verdict.Held, Verdict.Deviated }, 1)]
    [InlineData(new[] { Verdict.NotSteadyBefore }, 1)]
    [InlineData(new[] { Verdict.Deviated, Verdict.Inconclusive }, 2)]
    [InlineData(new[] { Verdict.Deviated, Verdict.Error }, 2)]
    [InlineData(new[] { Verdict.Error, Verdict.Interrupted }, 130)]
    [InlineData(new Verdict[0], 2)]
    public void The_exit_code_of_a_run_is_its_most_urgent_verdicts(Verdict[] verdicts, int expected) =>
        ExitCodes.ForRun(verdicts).ShouldBe(expected);

    [Fact]
    public void Every_verdict_has_a_name_that_reads_back()
    {
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            VerdictNames.Parse(VerdictNames.Of(verdict)).ShouldBe(verdict);
        }

        Should.Throw<FormatException>(() => VerdictNames.Parse("passed")).Message.ShouldContain("not-steady-before");
    }
}
