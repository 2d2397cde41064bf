namespace Chaos.FaultDrills;

/// <summary>Injects, then pauses for ten minutes: ended from outside by a signal, a kill or a session timeout.</summary>
[Trait("Category", "FaultDrill")]
public sealed class LongPauseDrill(SteadyStateFixture<LongPauseDrill> steadyState)
    : ChaosExperiment<LongPauseDrill>(steadyState), IChaosExperiment, IClassFixture<SteadyStateFixture<LongPauseDrill>>
{
    public static string Title => "Drill: long pause";

    public static string Description => "Injects, then waits to be ended from outside.";

    public static Hypothesis SteadyStateHypothesis(ChaosSettings stack) => DrillHypothesis.Quiet(stack);

    [Fact]
    public async Task InjectThenPauseLong()
    {
        await InjectAsync(DrillHypothesis.Fault);
        await PauseAsync(TimeSpan.FromMinutes(10));
    }
}
