namespace Chaos.Experiments;

/// <summary>Lab 4's experiment (exp_2), with the failure mode failure-lambda 0.4.x actually applies: denylist.</summary>
[Trait("Category", "Chaos")]
public sealed class Exp2DependencyDisruption(SteadyStateFixture<Exp2DependencyDisruption> steadyState)
    : ChaosExperiment<Exp2DependencyDisruption>(steadyState), IChaosExperiment, IClassFixture<SteadyStateFixture<Exp2DependencyDisruption>>
{
    public static string Title => "Dependency disruption should not impact processing";

    public static string Description => "Block the function's calls to DynamoDB and ensure files are still processed.";

    // lab 4 tightens in-flight to [-10, 50]
    public static Hypothesis SteadyStateHypothesis(ChaosSettings stack) =>
        PipelineIndicators.SystemOperatingWithinNorms(stack, inFlightMin: -10, inFlightMax: 50);

    [Fact]
    public async Task DependencyDisruptionShouldNotImpactProcessing()
    {
        await InjectAsync(FailureLambdaFault.Denylist(["dynamodb.*.amazonaws.com"], rate: 0.5));
        await PauseAsync(TimeSpan.FromSeconds(300));

        await SteadyStateShouldHoldAsync();
    }
}
