namespace Chaos.Experiments;

/// <summary>Lab 4's experiment (exp_2), with the failure mode failure-lambda 0.4.x actually applies: denylist.</summary>
[Trait("Category", "Chaos")]
public sealed class Exp2DependencyDisruption(ChaosStack stack) : ChaosExperiment(stack)
{
    [Fact]
    public Task DependencyDisruptionShouldNotImpactProcessing() => RunAsync(new ExperimentDefinition(
        Title: "Dependency disruption should not impact processing",

        // lab 4 tightens in-flight to [-10, 50]
        SteadyStateHypothesis: PipelineIndicators.SystemOperatingWithinNorms(Stack, inFlightMin: -10, inFlightMax: 50))
    {
        Description = "Block the function's calls to DynamoDB and ensure files are still processed.",
        Tags = ["serverless", "cloudnative", "etl"],
        Method =
        [
            Step.Inject(FailureLambdaFault.Denylist(["dynamodb.*.amazonaws.com"], rate: 0.5)),
            Step.Pause(TimeSpan.FromSeconds(300)),
        ],
    });
}
