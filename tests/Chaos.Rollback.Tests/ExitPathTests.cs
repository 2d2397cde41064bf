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

    // failure-lambda 1.x caches its configuration per warm container (FAILURE_CACHE_TTL, src/config.ts at v1.0.0): the
    // restore takes effect only when the cache has expired. The function names a TTL of 120 s (2 s at the suite's time
    // scale of 60); the harness finds it in the function's configuration, and whichever path restores states when the
    // restore is in effect. The row's time runs to that moment.
    private const int CacheTtlSeconds = 120;

    [Fact]
    public Task The_test_fails_after_injecting_into_a_1x_function() =>
        RunAsync(9, $"failure-lambda 1.x (cache TTL {CacheTtlSeconds} s): a step fails after injecting — to *effective* restore", "FullyQualifiedName~FailingDrill", "end of run", (drill, _, _) => Task.FromResult(drill.OpenGate()), gated: true, cacheTtlSeconds: CacheTtlSeconds);

    [Fact]
    public Task SIGTERM_reaches_the_whole_process_group_of_a_run_against_a_1x_function() =>
        RunAsync(10, $"failure-lambda 1.x (cache TTL {CacheTtlSeconds} s): SIGTERM to the process group — to *effective* restore", "FullyQualifiedName~LongPauseDrill", "SIGTERM received|process exit", (drill, _, _) => Send(() => drill.SignalGroup(SigTerm)), cacheTtlSeconds: CacheTtlSeconds);

    [Fact]
    public Task The_test_host_of_a_run_against_a_1x_function_is_killed() =>
        RunAsync(11, $"failure-lambda 1.x (cache TTL {CacheTtlSeconds} s): SIGKILL of the test host — to *effective* restore", "FullyQualifiedName~LongPauseDrill", "watchdog", (drill, host, _) => Send(() => drill.Signal(host, SigKill)), cacheTtlSeconds: CacheTtlSeconds);

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
    /// <param name="cacheTtlSeconds">When set, the drill's function wraps failure-lambda 1.x with this cache TTL (AWS seconds).</param>
    private async Task RunAsync(int order, string scenario, string filter, string by, Func<Drill, int, DateTime, Task<DateTime>> end, string? runSettings = null, bool gated = false, int? cacheTtlSeconds = null)
    {
        // Given: a drill that has injected a fault into a parameter holding a value of its own.
        using var ssm = moto.Ssm();
        var stack = cacheTtlSeconds is { } ttl
            ? await DrillStack.CreateAsync(moto, $"{{\"isEnabled\": false, \"drill\": \"{Guid.NewGuid():N}\"}}", Token, function: new Dictionary<string, string> { ["FAILURE_CACHE_TTL"] = ttl.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            : null;
        await using var drill = await Drill.StartAsync(moto, filter, Token, runSettings: runSettings, gated: gated, stack: stack);
        var host = await drill.WaitForInjectionAsync(ssm, Token);
        var injected = DateTime.UtcNow;

        // When: the run ends this way (the parameter is watched from now on).
        var restore = drill.WaitForRestoreAtAsync(ssm, RestoreLimit, Token);
        var since = await end(drill, host, injected);

        // Then: restored, and nothing left behind.
        var restoredAt = await restore;
        var took = restoredAt - since;
        var effective = cacheTtlSeconds is null || restoredAt is null ? null : await drill.RollbackLog.EffectiveByAsync(restoredAt.Value, Token);
        if (cacheTtlSeconds is not null)
        {
            took = effective - since;
        }

        var clean = took is not null && await drill.CleanAsync(ssm, Token);
        await WhenGoneAsync(host);
        var hostEnded = !ProcessLiveness.IsAlive(host);
        var restoredBy = drill.RollbackLog.RestoredBy();
        var row = table.Add(order, scenario, took is not null && clean, took ?? TimeSpan.Zero, restoredBy);
        TestContext.Current.TestOutputHelper?.WriteLine(row);

        if (cacheTtlSeconds is not null && restoredAt is not null)
        {
            effective.ShouldNotBeNull($"{scenario}: restored, but rollback.log does not say when the restore took effect in every warm container:\n{File.ReadAllText(Path.Combine(drill.LedgerDirectory, "rollback.log"))}");
        }

        took.ShouldNotBeNull($"{scenario}: the parameter still holds {await drill.ValueAsync(ssm, Token)} after {RestoreLimit.TotalSeconds} s; drill output:\n{drill.Output}");
        took.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero, $"{scenario}: the parameter was back before the ending event, so the drill cannot have ended this way");
        (await drill.ValueAsync(ssm, Token)).ShouldBe(drill.Original);
        clean.ShouldBeTrue($"{scenario}: a rollback record or the lease remains; drill output:\n{drill.Output}");
        by.Split('|').ShouldContain(path => restoredBy.StartsWith(path, StringComparison.Ordinal), $"{scenario}: restored by '{restoredBy}'");
        hostEnded.ShouldBeTrue($"{scenario}: the test process {host} is still running");
        if (cacheTtlSeconds is { } cache)
        {
            // The restore is declared in effect one cache TTL (at the time scale) after the parameter was seen restored,
            // give or take the poll and the log's millisecond resolution.
            var stated = (effective!.Value - restoredAt!.Value).TotalSeconds;
            stated.ShouldBeInRange((cache / 60.0) - 0.5, (cache / 60.0) + 0.5, $"{scenario}: rollback.log states the restore in effect {stated:0.00} s after the write was seen");
            File.ReadAllText(Path.Combine(drill.LedgerDirectory, "rollback.log")).ShouldContain($"failure-lambda 1.x caches its configuration for {cache} s");
        }
    }
}
