using System.Diagnostics;
using Amazon.SimpleSystemsManagement;
using Chaos.Engine.Lease;
using Chaos.Engine.Processes;
using Chaos.Rollback.Tests.Infrastructure;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Rollback.Tests;

/// <summary>
/// A CI runner thrown away mid-experiment: the test process and its watchdog killed together and the ledger folder
/// deleted, so nothing on the machine is left to restore. The fault's record in the stack is what remains; the next run
/// (from another ledger folder, i.e. another machine) or the restore command must find it, see that its run stopped
/// beating, restore it before anything else, and say so. Time to restore counts from the moment that run or command
/// starts: it includes the wait (at most the heartbeat TTL, 45 s) that tells a gone run from a live one.
/// </summary>
[Collection(RollbackSuite.Name)]
public sealed class ThrownAwayRunnerTests(MotoFixture moto, ScenarioTable table)
{
    private const int SigKill = 9;
    private static readonly TimeSpan RestoreLimit = TimeSpan.FromSeconds(90);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_next_run_from_another_ledger_restores_the_fault_before_anything_else_and_says_so()
    {
        // Given: a run whose machine went away with the fault in.
        using var ssm = moto.Ssm();
        var (stack, host) = await ThrowAwayAsync(ssm);

        // When: the next run starts, with a ledger of its own.
        var started = DateTime.UtcNow;
        await using var next = await Drill.StartAsync(moto, "FullyQualifiedName~FailingDrill", Token, stack: stack);
        var restoredAt = await next.WaitForRestoreAtAsync(ssm, RestoreLimit, Token);
        var ended = await next.WaitForExitAsync(RestoreLimit);

        // Then: restored first (the log's first line), said so in the run's output, and then the run went on as usual.
        var took = restoredAt - started;
        var log = File.ReadAllLines(Path.Combine(next.LedgerDirectory, "rollback.log"));
        var by = By(next);
        var clean = took is not null && await next.CleanAsync(ssm, Token);
        Report(9, "thrown-away runner (test process and watchdog killed, ledger deleted): the next run, from another ledger", took is not null && clean, took, by);

        took.ShouldNotBeNull($"the parameter still holds {await next.ValueAsync(ssm, Token)}:\n{next.Output}");
        ended.ShouldBeTrue("the next run did not end");
        next.Output.ShouldContain($"Restored a fault left in the stack by a run that is gone (PID {host} on {Environment.MachineName}, 'Drill: long pause'", Case.Sensitive, next.Output);
        log[0].ShouldContain($"record in the stack left by PID {host} on {Environment.MachineName} restored by the next run");
        log.ShouldContain(l => l.Contains("injected ", StringComparison.Ordinal), "the next run went on to its own experiment");
        Array.FindIndex(log, l => l.Contains("injected ", StringComparison.Ordinal)).ShouldBeGreaterThan(0, "the stale fault was restored before the next run injected");
        (await next.ValueAsync(ssm, Token)).ShouldBe(stack.Original);
        clean.ShouldBeTrue($"a record or the lease remains:\n{next.Output}");
    }

    [Fact]
    public async Task The_restore_command_restores_the_fault_and_says_so()
    {
        // Given
        using var ssm = moto.Ssm();
        var (stack, host) = await ThrowAwayAsync(ssm);
        var work = Directory.CreateTempSubdirectory($"chaos-restore-{stack.Id}-").FullName;

        // When: `dotnet Chaos.Engine.dll restore` (what ./run-chaos.sh --restore runs), from another ledger.
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(StackLease).Assembly.Location);
        start.ArgumentList.Add("restore");
        Drill.Apply(start, stack.Variables(moto, work));
        var started = DateTime.UtcNow;
        using var command = Process.Start(start).ShouldNotBeNull();
        var output = command.StandardOutput.ReadToEndAsync(Token);
        var errors = command.StandardError.ReadToEndAsync(Token);
        await command.WaitForExitAsync(Token);
        var took = DateTime.UtcNow - started;
        var text = await output + await errors;

        // Then
        var restored = command.ExitCode == 0 && await stack.CleanAsync(ssm, Token) && await stack.ValueAsync(ssm, Token) == stack.Original;
        Report(10, "thrown-away runner: `./run-chaos.sh --restore` (the restore command), from another ledger", restored, took, "the restore command");
        command.ExitCode.ShouldBe(0, text);
        text.ShouldContain($"chaos restore: Restored a fault left in the stack by a run that is gone (PID {host} on {Environment.MachineName}", Case.Sensitive, text);
        (await stack.ValueAsync(ssm, Token)).ShouldBe(stack.Original);
        restored.ShouldBeTrue($"a record or the lease remains:\n{text}");
        File.ReadAllText(Path.Combine(work, "ledger", "rollback.log")).ShouldContain("restored by the restore command");
        Directory.Delete(work, recursive: true);
    }

    // A drill that has injected; then its test host, dotnet test and its watchdog are killed at once and its ledger deleted.
    private async Task<(DrillStack Stack, int Host)> ThrowAwayAsync(IAmazonSimpleSystemsManagement ssm)
    {
        await using var drill = await Drill.StartAsync(moto, "FullyQualifiedName~LongPauseDrill", Token);
        var host = await drill.WaitForInjectionAsync(ssm, Token);
        var watchdogs = WatchdogProcesses.Of(drill.LedgerDirectory);
        watchdogs.ShouldNotBeEmpty("the drill's watchdog was not found");
        foreach (var watchdog in watchdogs)
        {
            drill.Signal(watchdog, SigKill);
        }

        drill.SignalGroup(SigKill);
        drill.Signal(host, SigKill);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((ProcessLiveness.IsAlive(host) || watchdogs.Any(ProcessLiveness.IsAlive)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25, Token);
        }

        Directory.Delete(drill.LedgerDirectory, recursive: true);
        ProcessLiveness.IsAlive(host).ShouldBeFalse();
        watchdogs.ShouldAllBe(pid => !ProcessLiveness.IsAlive(pid));
        (await drill.ValueAsync(ssm, Token)).ShouldNotBe(drill.Original, "nothing on the machine may have restored it");
        (await drill.Stack.OpenRecordsAsync(ssm, Token)).ShouldBe(1, "the record in the stack is what the machine leaves");
        return (drill.Stack, host);
    }

    private void Report(int order, string scenario, bool restored, TimeSpan? took, string by) =>
        TestContext.Current.TestOutputHelper?.WriteLine(table.Add(order, scenario, restored, took ?? TimeSpan.Zero, by));

    private static string By(Drill next)
    {
        var restorer = next.RollbackLog.RestoredBy(first: true);
        var at = restorer.IndexOf("restored by ", StringComparison.Ordinal);
        var by = at < 0 ? restorer : restorer[(at + "restored by ".Length)..];
        return by.Contains(" (", StringComparison.Ordinal) ? by[..by.IndexOf(" (", StringComparison.Ordinal)] : by;
    }
}
