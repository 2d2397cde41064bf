using Chaos.Engine.Processes;
using Chaos.Engine.Journal;
using Chaos.Engine.Summary;
using Chaos.Rollback.Tests.Infrastructure;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Rollback.Tests;

/// <summary>
/// A real "dotnet test" of a fault drill, ended each way a run can end. Each time the parameter must hold its original
/// value again within a bounded time, and no rollback record or lease may remain.
/// </summary>
[Collection(RollbackSuite.Name)]
public sealed class ExitPathTests(MotoFixture moto, ScenarioTable table)
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private static readonly TimeSpan RestoreLimit = TimeSpan.FromSeconds(30);

    /// <summary>TimeoutDrill's <c>[Fact(Timeout = …)]</c> (the suite runs the drills without referencing them).</summary>
    private static readonly TimeSpan DrillTimeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public Task The_test_fails_after_injecting() =>
        RunAsync(1, "a step fails after injecting", "FullyQualifiedName~FailingDrill", "end of run", (drill, _, _) => Task.FromResult(drill.OpenGate()), gated: true);

    // The clock starts when xUnit's timeout fires, i.e. when its cancellation reached the run (the journal says when).
    [Fact]
    public Task The_test_times_out() =>
        RunAsync(2, "test timeout (xUnit Timeout, token honoured)", "FullyQualifiedName~TimeoutDrill", "end of run", TimeoutFiredAsync);

    [Fact]
    public Task Ctrl_C_reaches_the_whole_process_group() =>
        RunAsync(3, "Ctrl+C (SIGINT to the process group)", "FullyQualifiedName~LongPauseDrill", "SIGINT received|end of run", (drill, _, _) => Send(() => drill.SignalGroup(SigInt)));

    [Fact]
    public Task SIGINT_reaches_dotnet_test_only() =>
        RunAsync(4, "SIGINT to `dotnet test` only", "FullyQualifiedName~LongPauseDrill", "end of run|ancestor process", (drill, _, _) => Send(() => drill.Signal(drill.DotnetTestPid, SigInt)));

    [Fact]
    public Task SIGTERM_reaches_the_whole_process_group() =>
        RunAsync(5, "SIGTERM to the process group", "FullyQualifiedName~LongPauseDrill", "SIGTERM received|process exit", (drill, _, _) => Send(() => drill.SignalGroup(SigTerm)));

    [Fact]
    public Task SIGTERM_reaches_dotnet_test_only() =>
        RunAsync(6, "SIGTERM to `dotnet test` only", "FullyQualifiedName~LongPauseDrill", "ancestor process|end of run", (drill, _, _) => Send(() => drill.Signal(drill.DotnetTestPid, SigTerm)));

    [Fact]
    public async Task The_run_settings_session_timeout_ends_the_run()
    {
        var settings = Path.Combine(Directory.CreateTempSubdirectory("chaos-session-").FullName, "timeout.runsettings");
        await File.WriteAllTextAsync(settings, "<RunSettings><RunConfiguration><TestSessionTimeout>12000</TestSessionTimeout></RunConfiguration></RunSettings>", Token);

        // The clock starts when VSTest says the session timed out (the line's arrival): it then ends the test host.
        await RunAsync(7, "`TestSessionTimeout` in .runsettings", "FullyQualifiedName~LongPauseDrill", "ancestor process|process exit|watchdog|end of run", (drill, _, _) => drill.WhenPrintedAsync("timeout of 12000 milliseconds exceeded", TimeSpan.FromSeconds(60), Token), settings);
    }

    [Fact]
    public Task The_test_host_is_killed() =>
        RunAsync(8, "SIGKILL of the test host", "FullyQualifiedName~LongPauseDrill", "watchdog", (drill, host, _) => Send(() => drill.Signal(host, SigKill)));

    private static async Task<DateTime> TimeoutFiredAsync(Drill drill, int host, DateTime injected)
    {
        (await drill.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue("the timed-out drill did not end");
        var entry = RunSummaryFile.Read(drill.ResultsDirectory).ShouldNotBeNull(drill.Output).Experiments.ShouldHaveSingleItem();
        entry.Verdict.ShouldBe("interrupted", drill.Output);
        var journal = JournalWriter.Read(entry.Journal!);
        (journal.InterruptedAt! - journal.Start).Value.ShouldBeLessThan(DrillTimeout + TimeSpan.FromSeconds(1), "the cancellation is xUnit's timeout");
        return journal.InterruptedAt!.Value.UtcDateTime;
    }

    private static Task<DateTime> Send(Action signal)
    {
        var at = DateTime.UtcNow;
        signal();
        return Task.FromResult(at);
    }

    private static async Task<DateTime> WhenGoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ProcessLiveness.IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25, Token);
        }

        return DateTime.UtcNow;
    }

    /// <param name="by">The paths that may restore in this scenario (alternatives separated by '|'), as rollback.log names them.</param>
    private async Task RunAsync(int order, string scenario, string filter, string by, Func<Drill, int, DateTime, Task<DateTime>> end, string? runSettings = null, bool gated = false)
    {
        // Given: a drill that has injected a fault into a parameter holding a value of its own.
        using var ssm = moto.Ssm();
        await using var drill = await Drill.StartAsync(moto, filter, Token, runSettings: runSettings, gated: gated);
        var host = await drill.WaitForInjectionAsync(ssm, Token);
        var injected = DateTime.UtcNow;

        // When: the run ends this way (the parameter is watched from now on).
        var restore = drill.WaitForRestoreAtAsync(ssm, RestoreLimit, Token);
        var since = await end(drill, host, injected);

        // Then: restored, and nothing left behind.
        var took = await restore - since;
        var clean = took is not null && await drill.CleanAsync(ssm, Token);
        await WhenGoneAsync(host);
        var hostEnded = !ProcessLiveness.IsAlive(host);
        var restoredBy = drill.RestoredBy();
        var row = table.Add(order, scenario, took is not null && clean, took ?? TimeSpan.Zero, restoredBy);
        TestContext.Current.TestOutputHelper?.WriteLine(row);

        took.ShouldNotBeNull($"{scenario}: the parameter still holds {await drill.ValueAsync(ssm, Token)} after {RestoreLimit.TotalSeconds} s; drill output:\n{drill.Output}");
        took.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero, $"{scenario}: the parameter was back before the ending event, so the drill cannot have ended this way");
        (await drill.ValueAsync(ssm, Token)).ShouldBe(drill.Original);
        clean.ShouldBeTrue($"{scenario}: a rollback record or the lease remains; drill output:\n{drill.Output}");
        by.Split('|').ShouldContain(path => restoredBy.StartsWith(path, StringComparison.Ordinal), $"{scenario}: restored by '{restoredBy}'");
        hostEnded.ShouldBeTrue($"{scenario}: the test process {host} is still running");
    }
}
