using System.Diagnostics;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Lease;
using Chaos.Engine.Rollback;
using Chaos.Engine.Timing;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.Rollback;

/// <summary>
/// Faults left in the stack by runs on other machines, against moto's SSM. A "machine" here is a rollback ledger of its
/// own: what one run wrote to the stack, a run with another (empty) ledger must find. Heartbeats are scaled down
/// (every 0.2 s, gone after 1 s) so that telling a gone run from a live one takes a second.
/// </summary>
public sealed class OpenRecordRestorerTests(MotoFixture moto) : IDisposable
{
    private const string Original = "{\"isEnabled\": false, \"team\": \"kept\"}";
    private const string Fault = "{\"isEnabled\": true, \"failureMode\": \"exception\", \"rate\": 1, \"exceptionMsg\": \"left behind\"}";
    private static readonly RunTimings Fast = RunTimings.Default with { HeartbeatEvery = TimeSpan.FromSeconds(1), HeartbeatTtl = TimeSpan.FromSeconds(5) }; // a margin for a loaded 2-core machine: 200 ms and 1 s failed there
    private readonly string parameter = $"left-{Guid.NewGuid():N}";
    private readonly string ledgerDirectory = Directory.CreateTempSubdirectory("chaos-next-machine-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(ledgerDirectory, recursive: true);

    private OpenRecordRestorer Restorer(IAmazonSimpleSystemsManagement ssm) => new(ssm, new RollbackLedger(ledgerDirectory), Fast, TimeProvider.System);

    // What a run on a machine that is now gone leaves: its lease (when it still holds one), its record in the stack, its fault.
    private async Task<RollbackRecord> LeaveFaultAsync(IAmazonSimpleSystemsManagement ssm, bool holdingLease)
    {
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = Original, Type = ParameterType.String }, Token);
        var snapshot = await ParameterRestorer.SnapshotAsync(ssm, parameter, Token);
        var token = holdingLease ? (await new StackLease(ssm, StackLease.NameFor(parameter)).AcquireAsync("exp_1", TimeSpan.FromHours(1), Token)).Token : "a-lease-long-gone";
        var record = new RollbackRecord(parameter, MotoFixture.Region, moto.Endpoint.ToString(), snapshot, Fault, "exp_1", 4242, DateTimeOffset.UtcNow)
        {
            Id = Guid.NewGuid().ToString("N"), Host = "runner-thrown-away", LeaseParameter = StackLease.NameFor(parameter), LeaseToken = token,
        };
        await new StackRecords(ssm).WriteAsync(record, beat: false, Token);
        await ParameterRestorer.WriteFaultAsync(ssm, parameter, snapshot, Fault, Token);
        return record;
    }

    private async Task<string> ValueAsync(IAmazonSimpleSystemsManagement ssm) => (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, Token)).Parameter.Value;

    [Fact]
    public async Task A_fault_of_a_run_that_stopped_beating_is_restored_from_another_machine_and_its_lease_broken()
    {
        // Given: a run that held the lease, wrote its record to the stack and injected, then its machine went away.
        using var ssm = moto.Ssm();
        await LeaveFaultAsync(ssm, holdingLease: true);
        var waited = new List<string>();

        // When: the next run, on another machine, opens the stack.
        var report = await Restorer(ssm).RestoreAsync(parameter, MotoFixture.Region, moto.Endpoint.ToString(), "the next run", waited.Add, Token);

        // Then: restored and said so; no lease, no record left.
        report.Restored.ShouldBe(1, string.Join('\n', report.Notes));
        report.Notes.ShouldContain(n => n.StartsWith("Restored a fault left in the stack by a run that is gone (PID 4242 on runner-thrown-away, 'exp_1'", StringComparison.Ordinal));
        waited.ShouldHaveSingleItem().ShouldContain("waiting up to 5 s to see whether that run is alive");
        (await ValueAsync(ssm)).ShouldBe(Original);
        (await new StackLease(ssm, StackLease.NameFor(parameter)).ReadAsync(Token)).ShouldBeNull();
        (await new StackRecords(ssm).OpenAsync(parameter, Token)).ShouldBeEmpty();
        File.ReadAllText(Path.Combine(ledgerDirectory, "rollback.log")).ShouldContain("record in the stack left by PID 4242 on runner-thrown-away restored by the next run");
    }

    [Fact]
    public async Task A_fault_of_a_run_that_still_beats_is_left_alone()
    {
        // Given: a run on another machine with its fault in, alive (its record beats).
        using var ssm = moto.Ssm();
        var record = await LeaveFaultAsync(ssm, holdingLease: true);
        await using (RecordHeartbeat.Start(new StackRecords(ssm), record, Fast.HeartbeatEvery, TimeProvider.System))
        {
            // When
            var report = await Restorer(ssm).RestoreAsync(parameter, MotoFixture.Region, moto.Endpoint.ToString(), "the next run", null, Token);

            // Then
            (report.Restored, report.LeftAlone).ShouldBe((0, 1));
            report.Notes.ShouldContain(n => n.Contains("is alive (its record in the stack beats); left alone", StringComparison.Ordinal));
            (await ValueAsync(ssm)).ShouldBe(Fault);
            (await new StackLease(ssm, StackLease.NameFor(parameter)).ReadAsync(Token)).ShouldNotBeNull().Token.ShouldBe(record.LeaseToken);
        }

        await new RollbackTransaction(ssm, new RollbackLedger(ledgerDirectory), TimeSpan.FromSeconds(5), TimeProvider.System).RunAsync(record, "test cleanup", Token);
    }

    [Fact]
    public async Task A_record_whose_lease_is_gone_is_restored_at_once_without_waiting_for_its_heartbeat()
    {
        using var ssm = moto.Ssm();
        await LeaveFaultAsync(ssm, holdingLease: false);
        var clock = Stopwatch.StartNew();

        var report = await Restorer(ssm).RestoreAsync(parameter, MotoFixture.Region, moto.Endpoint.ToString(), "the restore command", null, Token);

        report.Restored.ShouldBe(1);
        clock.Elapsed.ShouldBeLessThan(Fast.HeartbeatTtl, "a record without its lease is abandoned whatever its heartbeat says");
        (await ValueAsync(ssm)).ShouldBe(Original);
    }

    [Fact]
    public async Task An_injection_first_restores_a_record_left_without_a_lease_so_its_snapshot_is_the_original_not_that_fault()
    {
        // Given: a fault left in the stack by a run whose lease has gone (expired and broken, say).
        using var ssm = moto.Ssm();
        await LeaveFaultAsync(ssm, holdingLease: false);
        var injector = new FailureInjector(ssm, Stacks.On(moto, parameter), new RollbackLedger(ledgerDirectory), "next", Fast, TimeProvider.System) { UseWatchdog = false };

        // When
        var record = await injector.InjectAsync(FailureLambdaFault.Latency(100, 200, 0.5), Token);
        await injector.RollbackAsync("test", Token);

        // Then
        record.Previous.Value.ShouldBe(Original);
        (await ValueAsync(ssm)).ShouldBe(Original);
        (await new StackRecords(ssm).OpenAsync(parameter, Token)).ShouldBeEmpty();
    }
}
