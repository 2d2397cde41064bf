using Chaos.Engine.Definition;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Journal;
using Chaos.Engine.Outcome;
using Chaos.Engine.Running;
using Chaos.Engine.SteadyState;

namespace Chaos.Bench.Measurements;

/// <summary>
/// exp_1 (latency 3–5 s at rate 0.5, the workshop's 3 s timeout) run by the engine itself against a sandbox with AWS-like
/// metric delays: settle, inject, the 360 s pause, roll back, judge the fault's last window once its metrics are in.
/// Twice — watched by exp_1's guard (error rate above 50%), and unguarded (the full pause) — each timed from the
/// injection and from the end of the pause to the verdict, in AWS time, next to the workshop's blind 360 s pause (one
/// read at its end, of a window whose newest minutes have not arrived). Also times the rollback that follows the guard.
/// </summary>
internal static class TimeToVerdict
{
    /// <summary>One engine run: its verdict and where its time went (AWS seconds).</summary>
    public sealed record Run(string Way, Verdict Verdict, string Reason, double SettleAws, double InjectionToVerdictAws, double PauseEndToVerdictAws, double PauseAws);

    public sealed record Result(Run Guarded, Run Unguarded, double BlindAws, TimeSpan RollbackAfterGuard, double Scale);

    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(360);

    public static async Task<Result> RunAsync(BenchContext context, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var work = Directory.CreateTempSubdirectory("chaos-bench-verdict-").FullName;
        await using var session = await StackSession.OpenAsync(
            settings,
            new SessionOptions { ResultsDirectory = Path.Combine(work, "results"), LedgerDirectory = Path.Combine(work, "ledger"), UseWatchdog = false },
            CancellationToken.None);
        var guarded = await TimeAsync(session, "watched by exp_1's guard (error rate > 50%)", Guard.Above(PipelineIndicators.InError, 50), log);
        var rollback = RollbackDuration(guarded.Journal);
        var unguarded = await TimeAsync(session, "the full pause, no guard", null, log);
        return new Result(guarded.Run, unguarded.Run, Pause.TotalSeconds, rollback, settings.TimeScale);
    }

    private static async Task<(Run Run, ExperimentJournal Journal)> TimeAsync(StackSession session, string way, Guard? guard, Action<string> log)
    {
        var settings = session.Settings;
        var definition = new ExperimentDefinition($"bench: exp_1 {way}", PipelineIndicators.SystemOperatingWithinNorms(settings))
        {
            Method =
            [
                Step.Inject(FailureLambdaFault.Latency(minMilliseconds: 3000, maxMilliseconds: 5000, rate: 0.5)),
                guard is null ? Step.Pause(Pause) : Step.Pause(Pause, guard: guard),
            ],
        };
        var result = await session.RunAsync(definition, log, CancellationToken.None);
        var journal = result.Journal;
        var injected = journal.Run.First(r => r.Activity.Type == "action").End;
        // The pause step itself, not the waits before it (1.x's cache, the minute boundary), which are pauses too.
        var pause = journal.Run.First(r => r.Activity.Type == "pause" && r.Activity.Name.StartsWith("Pause ", StringComparison.Ordinal));
        var aws = (TimeSpan t) => t.TotalSeconds * settings.TimeScale;
        return (new Run(
            way,
            result.Verdict,
            result.Outcome.Reason,
            (journal.Settle?.Seconds ?? 0) * settings.TimeScale,
            aws(journal.End - injected),
            aws(journal.End - pause.End),
            aws(pause.End - pause.Start)), journal);
    }

    private static TimeSpan RollbackDuration(ExperimentJournal journal) =>
        journal.Rollbacks.LastOrDefault(r => r.Status == "succeeded") is { } restore ? restore.End - restore.Start : TimeSpan.Zero;

    /// <summary>Waits until a full window without the previous fault holds (bounded).</summary>
    public static async Task WaitSteadyAsync(HypothesisEvaluator evaluator, Hypothesis hypothesis)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        var clean = DateTime.UtcNow + TimeSpan.FromSeconds(35);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (DateTime.UtcNow >= clean && (await evaluator.EvaluateAsync(hypothesis)).Met)
            {
                return;
            }

            await Task.Delay(1000);
        }

        throw new TimeoutException("the sandbox did not return to its steady state");
    }
}
