namespace Chaos.FaultDrills;

/// <summary>Injects, then pauses for two AWS hours (two minutes at the suite's time scale of 60): ended from outside by a signal, a kill or a session timeout.</summary>
[Trait("Category", "FaultDrill")]
public sealed class LongPauseDrill(ChaosStack stack) : ChaosExperiment(stack)
{
    [Fact]
    public Task InjectThenPauseLong() => RunAsync(DrillHypothesis.Drill(Stack, "Drill: long pause", Step.Pause(TimeSpan.FromHours(2))));
}
