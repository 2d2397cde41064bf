namespace Chaos.FaultDrills;

/// <summary>Tries to inject a fault that failure-lambda could not apply (min latency above max).</summary>
[Trait("Category", "FaultDrill")]
public sealed class InvalidFaultDrill(SteadyStateFixture<InvalidFaultDrill> steadyState)
    : ChaosExperiment<InvalidFaultDrill>(steadyState), IChaosExperiment, IClassFixture<SteadyStateFixture<InvalidFaultDrill>>
{
    public static string Title => "Drill: invalid fault";

    public static string Description => "An invalid configuration must be refused before it reaches SSM.";

    public static Hypothesis SteadyStateHypothesis(ChaosSettings stack) => DrillHypothesis.Quiet(stack);

    [Fact]
    public Task InjectAnInvalidFault() => InjectAsync(FailureLambdaFault.Latency(minMilliseconds: 5000, maxMilliseconds: 3000, rate: 0.5));
}
