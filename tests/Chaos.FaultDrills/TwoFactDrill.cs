namespace Chaos.FaultDrills;

/// <summary>
/// Two experiments in one class: each must be checked before its own injection (a before-check per test, not per
/// class), and each must roll back before the next one starts.
/// </summary>
[Trait("Category", "FaultDrill")]
public sealed class TwoFactDrill(ChaosStack stack) : ChaosExperiment(stack)
{
    [Fact]
    public Task First() => RunAsync(DrillHypothesis.Drill(Stack, "Drill: first of two", Step.Pause(TimeSpan.FromSeconds(1))));

    [Fact]
    public Task Second() => RunAsync(DrillHypothesis.Drill(Stack, "Drill: second of two", Step.Pause(TimeSpan.FromSeconds(1))));
}
