using System.Diagnostics;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Rollback;
using Chaos.Engine.SteadyState;
using Chaos.Engine.Timing;

namespace Chaos.Bench.Measurements;

/// <summary>
/// exp_1 (latency 3–5 s at rate 0.5, the workshop's 3 s timeout) until its verdict: watched, with a guard at the
/// tolerance sampling every 30 s (AWS time), against the blind 360 s pause followed by one check. Also measures the
/// rollback that follows the guard.
/// </summary>
internal static class TimeToVerdict
{
    public sealed record Result(
        TimeSpan Observed, TimeSpan Blind, TimeSpan Interval, TimeSpan? CrossingBefore, int SamplesToVerdict, bool ObservedFailed, bool BlindFailed, TimeSpan RollbackAfterGuard, double Scale)
    {
        public double Ratio => Blind / Observed;
    }

    public static async Task<Result> RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var hypothesis = PipelineIndicators.SystemOperatingWithinNorms(settings);
        using var cloudWatch = context.CloudWatch(throughProxy: false);
        using var ssm = context.Ssm();
        var evaluator = new HypothesisEvaluator(cloudWatch, settings.TimeScale, TimeProvider.System);
        var fault = FailureLambdaFault.Latency(3000, 5000, 0.5);
        var interval = settings.Scale(TimeSpan.FromSeconds(30));
        var pause = settings.Scale(TimeSpan.FromSeconds(360));
        var ledger = new RollbackLedger(Directory.CreateTempSubdirectory("chaos-bench-ledger-").FullName);

        // Observed: sample every interval; the guard is the tolerance itself (percent in error above 5).
        await WaitSteadyAsync(evaluator, hypothesis);
        var injector = new FailureInjector(ssm, settings, ledger, "bench: observed", RunTimings.Default, TimeProvider.System);
        await injector.InjectAsync(fault, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        TimeSpan? lastWithin = null;
        var samples = 0;
        HypothesisResult sample;
        while (true)
        {
            await Task.Delay(interval);
            sample = await evaluator.EvaluateAsync(hypothesis);
            samples++;
            if (sample[PipelineIndicators.InError].Value > 5 || clock.Elapsed >= pause)
            {
                break;
            }

            lastWithin = clock.Elapsed;
        }

        var observed = clock.Elapsed;
        var rollbackClock = Stopwatch.StartNew();
        await injector.RollbackAsync("bench", CancellationToken.None);
        var rollback = rollbackClock.Elapsed;
        var observedFailed = !sample.Met;

        // Blind: the workshop's way, one check after the full pause.
        await WaitSteadyAsync(evaluator, hypothesis);
        var blindInjector = new FailureInjector(ssm, settings, ledger, "bench: blind", RunTimings.Default, TimeProvider.System);
        await blindInjector.InjectAsync(fault, CancellationToken.None);
        clock.Restart();
        await Task.Delay(pause);
        var after = await evaluator.EvaluateAsync(hypothesis);
        var blind = clock.Elapsed;
        await blindInjector.RollbackAsync("bench", CancellationToken.None);

        return new Result(observed, blind, interval, lastWithin, samples, observedFailed, !after.Met, rollback, settings.TimeScale);
    }

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
