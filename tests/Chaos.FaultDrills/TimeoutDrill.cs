namespace Chaos.FaultDrills;

/// <summary>Injects, then outlives its xUnit timeout (the pause honours the test's cancellation token).</summary>
[Trait("Category", "FaultDrill")]
public sealed class TimeoutDrill(ChaosStack stack) : ChaosExperiment(stack)
{
#pragma warning disable xUnit1069 // RunAsync observes TestContext.Current.CancellationToken itself
    [Fact(Timeout = 3000)]
    public Task InjectThenTimeOut() => RunAsync(DrillHypothesis.Drill(Stack, "Drill: test timeout", Step.Pause(TimeSpan.FromMinutes(10))));
#pragma warning restore xUnit1069
}
