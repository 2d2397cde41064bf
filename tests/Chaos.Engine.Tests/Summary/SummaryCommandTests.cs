using Chaos.Engine.Summary;
using Shouldly;

namespace Chaos.Engine.Tests.Summary;

/// <summary>run-chaos.sh's table and exit code, as the engine prints them from summary.json.</summary>
public sealed class SummaryCommandTests : IDisposable
{
    private readonly string results = Directory.CreateTempSubdirectory("chaos-summary-").FullName;

    public void Dispose() => Directory.Delete(results, recursive: true);

    private void Add(string title, string verdict, params string[] deciding) =>
        RunSummaryFile.Append(results, new RunSummaryEntry(title, verdict, "completed", verdict == "deviated", $"because {verdict}", deciding, $"{results}/journals/{title}.json", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));

    private (int Code, string Output, string Error) Run()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SummaryCommand.Run([results], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Given_one_held_and_one_deviated_experiment_the_table_shows_both_and_the_exit_code_is_1()
    {
        Add("Minor delay should not impact processing", "held");
        Add("Dependency disruption should not impact processing", "deviated", "messages-in-flight = 50.3 (tolerance [-10, 50])");

        var (code, output, _) = Run();

        code.ShouldBe(1);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("EXPERIMENT");
        lines[1].ShouldStartWith("Minor delay should not impact processing");
        lines[1].ShouldContain(" held ");
        lines[2].ShouldContain("DEVIATED");
        lines[2].ShouldContain("messages-in-flight = 50.3 (tolerance [-10, 50])");
        lines[3].Trim().ShouldBe("because deviated");
    }

    [Theory]
    [InlineData("held", 0)]
    [InlineData("not-steady-before", 1)]
    [InlineData("inconclusive", 2)]
    [InlineData("error", 2)]
    [InlineData("interrupted", 130)]
    public void The_exit_code_follows_the_recorded_verdict(string verdict, int expected)
    {
        Add("an experiment", verdict);

        Run().Code.ShouldBe(expected);
    }

    [Fact]
    public void Given_no_experiment_ended_the_exit_code_is_2_and_says_why()
    {
        var (code, _, error) = Run();

        code.ShouldBe(2);
        error.ShouldContain("no experiment ended");
    }

    [Fact]
    public void Appends_from_many_writers_at_once_are_all_kept()
    {
        Parallel.For(0, 24, i => Add($"experiment {i}", "held"));

        RunSummaryFile.Read(results).ShouldNotBeNull().Experiments.Count.ShouldBe(24);
    }
}
