namespace Chaos.Experiments;

/// <summary>exp_1-minor_delay.json of the workshop's lab 3, as a test.</summary>
[Trait("Category", "Chaos")]
public sealed class Exp1MinorDelay(ChaosStack stack) : ChaosExperiment(stack)
{
    [Fact]
    public Task MinorDelayShouldNotImpactProcessing() => RunAsync(new ExperimentDefinition(
        Title: "Minor delay should not impact processing",
        SteadyStateHypothesis: PipelineIndicators.SystemOperatingWithinNorms(Stack))
    {
        Description = "Inject latency into Lambda function execution and ensure files are still processed.",
        Tags = ["serverless", "cloudnative", "etl"],
        Method =
        [
            // latency of 3 to 5 s on half the invocations, then a 360 s pause, watched: an error rate above 50% ends it early
            Step.Inject(FailureLambdaFault.Latency(minMilliseconds: 3000, maxMilliseconds: 5000, rate: 0.5)),
            Step.Pause(TimeSpan.FromSeconds(360), guard: Guard.Above(PipelineIndicators.InError, 50)),
        ],

        // rollbacks: the harness restores the parameter's previous value, always.
    });
}
