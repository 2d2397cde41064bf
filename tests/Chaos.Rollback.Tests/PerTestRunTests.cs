using Chaos.Engine.Journal;
using Chaos.Engine.Summary;
using Chaos.Rollback.Tests.Infrastructure;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Rollback.Tests;

/// <summary>
/// Each [Fact] is its own experiment: a class with two is run for real ("dotnet test" of the drills), and the second is
/// checked before its own injection — after the first one's rollback — not judged against the first one's "before".
/// </summary>
[Collection(RollbackSuite.Name)]
public sealed class PerTestRunTests(MotoFixture moto)
{
    [Fact]
    public async Task Given_two_experiments_in_one_class_the_second_is_checked_after_the_first_rolls_back_and_before_it_injects()
    {
        // Given / When
        using var ssm = moto.Ssm();
        await using var drill = await Drill.StartAsync(moto, "FullyQualifiedName~TwoFactDrill", TestContext.Current.CancellationToken);
        (await drill.WaitForExitAsync(TimeSpan.FromSeconds(120))).ShouldBeTrue("the drill did not end");

        // Then: two runs, in order, each with its own before-check between the previous rollback and its own injection.
        drill.ExitCode.ShouldBe(0, drill.Output);
        var summary = RunSummaryFile.Read(drill.ResultsDirectory).ShouldNotBeNull(drill.Output);
        summary.Experiments.Select(e => e.Verdict).ShouldBe(["held", "held"]);
        var journals = summary.Experiments.Select(e => JournalWriter.Read(e.Journal!)).OrderBy(j => j.Start).ToList();
        var (first, second) = (journals[0], journals[1]);
        var firstRestored = first.Rollbacks.ShouldHaveSingleItem().End;
        var secondBefore = second.SteadyStates.Before.ShouldNotBeNull().EvaluatedAt;
        var secondInjected = second.Run.First(r => r.Activity.Name.StartsWith("Enable Lambda failure", StringComparison.Ordinal)).Start;
        secondBefore.ShouldBeGreaterThan(firstRestored, "the second experiment's before-check comes after the first one's rollback");
        secondBefore.ShouldBeLessThan(secondInjected, "and before its own injection");
        (await drill.ValueAsync(ssm, TestContext.Current.CancellationToken)).ShouldBe(drill.Original);
        (await drill.CleanAsync(ssm, TestContext.Current.CancellationToken)).ShouldBeTrue();
    }
}
