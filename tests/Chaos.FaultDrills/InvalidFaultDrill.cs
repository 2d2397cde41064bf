namespace Chaos.FaultDrills;

/// <summary>Tries to inject a fault that failure-lambda could not apply (min latency above max).</summary>
[Trait("Category", "FaultDrill")]
public sealed class InvalidFaultDrill(ChaosStack stack) : ChaosExperiment(stack)
{
    [Fact]
    public Task InjectAnInvalidFault() => RunAsync(new ExperimentDefinition("Drill: invalid fault", DrillHypothesis.Quiet(Stack))
    {
        Method = [Step.Inject(FailureLambdaFault.Latency(minMilliseconds: 5000, maxMilliseconds: 3000, rate: 0.5))],
    });
}
