namespace Chaos.FaultDrills;

/// <summary>Injects, then outlives its xUnit timeout (the pause honours the test's cancellation token).</summary>
[Trait("Category", "FaultDrill")]
public sealed class TimeoutDrill(SteadyStateFixture<TimeoutDrill> steadyState)
    : ChaosExperiment<TimeoutDrill>(steadyState), IChaosExperiment, IClassFixture<SteadyStateFixture<TimeoutDrill>>
{
    public static string Title => "Drill: test timeout";

    public static string Description => "Injects, then runs past its timeout.";

    public static Hypothesis SteadyStateHypothesis(ChaosSettings stack) => DrillHypothesis.Quiet(stack);

#pragma warning disable xUnit1069 // PauseAsync observes TestContext.Current.CancellationToken itself
    [Fact(Timeout = 3000)]
    public async Task InjectThenTimeOut()
    {
        await InjectAsync(DrillHypothesis.Fault);
        await PauseAsync(TimeSpan.FromMinutes(10));
    }
#pragma warning restore xUnit1069
}
