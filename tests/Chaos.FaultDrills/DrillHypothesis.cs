namespace Chaos.FaultDrills;

/// <summary>A hypothesis that holds on a bare emulator (no metrics): the drills test rollback, not steady state.</summary>
internal static class DrillHypothesis
{
    public static Hypothesis Quiet(ChaosSettings stack) =>
        new("Drill: no errors reported", [PipelineIndicators.PercentInError(stack) with { WhenNoData = NoDataPolicy.Pass("a drill runs on an emulator without metrics") }]);

    /// <summary>The fault the drills inject: harmless (rate 0) but a real change of the parameter.</summary>
    public static FailureLambdaFault Fault => FailureLambdaFault.Exception("fault drill", rate: 0);
}
