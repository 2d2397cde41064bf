namespace Chaos.FaultDrills;

/// <summary>Injects, then outlives its xUnit timeout (the pause honours the test's cancellation token).</summary>
[Trait("Category", "FaultDrill")]
public sealed class TimeoutDrill(ChaosStack stack) : ChaosExperiment(stack)
{
    /// <summary>Long enough to settle and inject first (about two seconds at the suite's time scale), short enough to end the pause.</summary>
    public const int TimeoutMilliseconds = 10_000;

#pragma warning disable xUnit1069 // RunAsync observes TestContext.Current.CancellationToken itself
    [Fact(Timeout = TimeoutMilliseconds)]
    public Task InjectThenTimeOut() => RunAsync(DrillHypothesis.Drill(Stack, "Drill: test timeout", Step.Pause(TimeSpan.FromHours(2))));
#pragma warning restore xUnit1069
}
