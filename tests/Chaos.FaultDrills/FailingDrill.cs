using Shouldly;

namespace Chaos.FaultDrills;

/// <summary>Injects, then (once its gate opens, when it has one) fails an assertion.</summary>
[Trait("Category", "FaultDrill")]
public sealed class FailingDrill(SteadyStateFixture<FailingDrill> steadyState)
    : ChaosExperiment<FailingDrill>(steadyState), IChaosExperiment, IClassFixture<SteadyStateFixture<FailingDrill>>
{
    public static string Title => "Drill: failing test";

    public static string Description => "Injects, then an assertion fails.";

    public static Hypothesis SteadyStateHypothesis(ChaosSettings stack) => DrillHypothesis.Quiet(stack);

    [Fact]
    public async Task InjectThenFail()
    {
        await InjectAsync(DrillHypothesis.Fault);
        await DrillGate.PassAsync(TestContext.Current.CancellationToken);
        1.ShouldBe(2, "the drill fails on purpose after injecting");
    }
}
