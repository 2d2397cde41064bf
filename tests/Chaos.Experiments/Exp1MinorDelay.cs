namespace Chaos.Experiments;

/// <summary>exp_1-minor_delay.json of the workshop's lab 3, as a test.</summary>
[Trait("Category", "Chaos")]
public sealed class Exp1MinorDelay(SteadyStateFixture<Exp1MinorDelay> steadyState)
    : ChaosExperiment<Exp1MinorDelay>(steadyState), IChaosExperiment, IClassFixture<SteadyStateFixture<Exp1MinorDelay>>
{
    public static string Title => "Minor delay should not impact processing";

    public static string Description => "Inject latency into Lambda function execution and ensure files are still processed.";

    // steady-state-hypothesis: "System operating within norms"
    public static Hypothesis SteadyStateHypothesis(ChaosSettings stack) => PipelineIndicators.SystemOperatingWithinNorms(stack);

    [Fact]
    public async Task MinorDelayShouldNotImpactProcessing()
    {
        // method: latency of 3 to 5 s on half the invocations, then a 360 s pause (watched, with a guard)
        await InjectAsync(FailureLambdaFault.Latency(minMilliseconds: 3000, maxMilliseconds: 5000, rate: 0.5));
        await PauseAsync(TimeSpan.FromSeconds(360), guard: Guard.Above(PipelineIndicators.InError, 50));

        // the hypothesis again
        await SteadyStateShouldHoldAsync();
    }

    // rollbacks: DisposeAsync restores the parameter's previous value.
}
