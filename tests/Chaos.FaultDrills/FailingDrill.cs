namespace Chaos.FaultDrills;

/// <summary>Injects, then (once its gate opens, when it has one) a step of the method fails.</summary>
[Trait("Category", "FaultDrill")]
public sealed class FailingDrill(ChaosStack stack) : ChaosExperiment(stack)
{
    [Fact]
    public Task InjectThenFail() => RunAsync(DrillHypothesis.Drill(
        Stack,
        "Drill: failing step",
        DrillHypothesis.Gate,
        Step.Action("fail on purpose", (_, _) => throw new InvalidOperationException("the drill fails on purpose after injecting"))));
}
