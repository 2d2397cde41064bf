namespace Chaos.Experiments;

/// <summary>
/// Every Chaos Toolkit experiment file in <c>experiments/</c> (or <c>CHAOS_EXPERIMENTS_DIR</c>; one file with
/// <c>CHAOS_EXPERIMENT_FILE</c>, as <c>./run-chaos.sh --experiment FILE</c> sets it), run unchanged as one test each,
/// named by its title.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class ChaosToolkitExperiments(ChaosStack stack) : ChaosExperiment(stack)
{
    public static IEnumerable<ITheoryDataRow> Files() => ChaosToolkitFiles.Rows();

    [Theory]
    [MemberData(nameof(Files))]
    public Task ExperimentFile(string file) => RunFileAsync(file);
}
