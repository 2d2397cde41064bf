namespace Chaos.FaultDrills;

/// <summary>What every drill shares: a hypothesis that holds on a bare emulator (no metrics), and a harmless fault.</summary>
internal static class DrillHypothesis
{
    public static Hypothesis Quiet(ChaosSettings stack) =>
        new("Drill: no errors reported", [PipelineIndicators.PercentInError(stack) with { WhenNoData = NoDataPolicy.Pass("a drill runs on an emulator without metrics") }]);

    /// <summary>The fault the drills inject: harmless (rate 0) but a real change of the parameter.</summary>
    public static FailureLambdaFault Fault => FailureLambdaFault.Exception("fault drill", rate: 0);

    /// <summary>A drill experiment: the quiet hypothesis, the drill fault injected, then <paramref name="then"/>.</summary>
    public static ExperimentDefinition Drill(ChaosSettings stack, string title, params MethodStep[] then) =>
        new(title, Quiet(stack)) { Description = "A fault drill of the rollback suite.", Method = [Inject, .. then] };

    /// <summary>The drill fault's step: its effect is not looked for, visibly (no function runs on the emulator).</summary>
    public static InjectFaultStep Inject => Step.Inject(Fault) with { Evidence = EvidencePolicy.NotRequired("a drill runs on an emulator where no function runs") };

    /// <summary>The step that waits at the drill's gate (see <see cref="DrillGate"/>).</summary>
    public static ActionStep Gate => Step.Action("wait at the drill gate", (_, token) => DrillGate.PassAsync(token));
}
