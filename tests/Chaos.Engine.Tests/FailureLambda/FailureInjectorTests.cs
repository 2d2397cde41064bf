using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.Timing;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Lease;
using Chaos.Engine.Rollback;
using Chaos.Engine.Settings;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.FailureLambda;

/// <summary>The injector against moto's SSM: validation before any write, snapshot, ledger, restore, idempotency.</summary>
public sealed class FailureInjectorTests(MotoFixture moto) : IDisposable
{
    private readonly string ledgerDirectory = Directory.CreateTempSubdirectory("chaos-ledger-").FullName;
    private readonly string parameter = $"failureLambdaConfig-{Guid.NewGuid():N}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private RollbackLedger Ledger => new(ledgerDirectory);

    public void Dispose() => Directory.Delete(ledgerDirectory, recursive: true);

    private ChaosSettings Stack() => Stacks.On(moto, parameter);

    private async Task<string?> ValueAsync(IAmazonSimpleSystemsManagement ssm)
    {
        try
        {
            return (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, Token)).Parameter.Value;
        }
        catch (ParameterNotFoundException)
        {
            return null;
        }
    }

    private Task PutAsync(IAmazonSimpleSystemsManagement ssm, string value) =>
        ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = value, Type = ParameterType.String, Overwrite = true }, Token);

    [Fact]
    public async Task Given_an_invalid_fault_nothing_reaches_SSM_and_no_record_is_written()
    {
        using var ssm = moto.Ssm();
        await PutAsync(ssm, "{\"isEnabled\": false}");
        var injector = new FailureInjector(ssm, Stack(), Ledger, "test", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };

        await Should.ThrowAsync<InvalidFaultException>(() => injector.InjectAsync(FailureLambdaFault.Latency(5000, 3000, 0.5), Token));

        (await ValueAsync(ssm)).ShouldBe("{\"isEnabled\": false}");
        Ledger.Open().ShouldBeEmpty();
        injector.IsInjected.ShouldBeFalse();
    }

    [Fact]
    public async Task Injection_records_the_snapshot_on_disk_writes_the_fault_and_rollback_restores_the_snapshot_not_a_default()
    {
        // Given: a parameter that holds something other than the workshop's default.
        using var ssm = moto.Ssm();
        const string Previous = "{\"isEnabled\": false, \"note\": \"kept by the team\"}";
        await PutAsync(ssm, Previous);
        var injector = new FailureInjector(ssm, Stack(), Ledger, "test", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };
        var fault = FailureLambdaFault.Latency(3000, 5000, 0.5);

        // When
        var record = await injector.InjectAsync(fault, Token);

        // Then: the record is on disk with the snapshot, and the fault is in place.
        var onDisk = Ledger.Open().ShouldHaveSingleItem();
        onDisk.Previous.Value.ShouldBe(Previous);
        onDisk.Injected.ShouldBe(fault.ToParameterValue());
        onDisk.ProcessId.ShouldBe(Environment.ProcessId);
        (await ValueAsync(ssm)).ShouldBe(fault.ToParameterValue());
        record.ManualRestoreCommand().ShouldContain($"--name {parameter}");

        // When
        var outcome = await injector.RollbackAsync("test", Token);

        // Then
        outcome.Restored.ShouldBeTrue();
        (await ValueAsync(ssm)).ShouldBe(Previous);
        Ledger.Open().ShouldBeEmpty();
    }

    [Fact]
    public async Task Rollback_is_idempotent_sequentially_and_concurrently()
    {
        using var ssm = moto.Ssm();
        await PutAsync(ssm, "{\"isEnabled\": false}");
        var injector = new FailureInjector(ssm, Stack(), Ledger, "test", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };
        await injector.InjectAsync(FailureLambdaFault.Exception("boom", 1), Token);

        var outcomes = await Task.WhenAll(injector.RollbackAsync("test", Token), injector.RollbackAsync("test", Token));
        var third = await injector.RollbackAsync("test", Token);

        outcomes.Count(o => o.Restored).ShouldBe(1);
        third.Restored.ShouldBeFalse();
        third.Detail.ShouldBe("nothing to roll back");
        (await ValueAsync(ssm)).ShouldBe("{\"isEnabled\": false}");
    }

    [Fact]
    public async Task Given_no_parameter_before_rollback_deletes_what_injection_created()
    {
        using var ssm = moto.Ssm();
        var injector = new FailureInjector(ssm, Stack(), Ledger, "test", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };

        await injector.InjectAsync(FailureLambdaFault.StatusCode(500, 1), Token);
        (await ValueAsync(ssm)).ShouldNotBeNull();
        await injector.RollbackAsync("test", Token);

        (await ValueAsync(ssm)).ShouldBeNull();
    }

    [Fact]
    public async Task Given_a_previous_value_that_is_not_JSON_it_is_restored_byte_for_byte()
    {
        using var ssm = moto.Ssm();
        const string Previous = "not json at all: {\"isEnabled\" ' \\ ü";
        await PutAsync(ssm, Previous);
        var injector = new FailureInjector(ssm, Stack(), Ledger, "test", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };

        await injector.InjectAsync(FailureLambdaFault.DiskSpace(100, 0.1), Token);
        await injector.RollbackAsync("test", Token);

        (await ValueAsync(ssm)).ShouldBe(Previous);
    }

    [Fact]
    public async Task Given_an_open_record_from_another_run_injection_is_refused_naming_it()
    {
        using var ssm = moto.Ssm();
        await PutAsync(ssm, "{\"isEnabled\": false}");
        var stack = Stack();
        Ledger.Write(new RollbackRecord(parameter, stack.Region, moto.Endpoint.ToString(), new ParameterSnapshot(true, "{\"isEnabled\": false}", "String"), "{}", "earlier", 4242, DateTimeOffset.UtcNow));
        var injector = new FailureInjector(ssm, stack, Ledger, "test", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };

        var error = await Should.ThrowAsync<InvalidOperationException>(() => injector.InjectAsync(FailureLambdaFault.Exception("x", 1), Token));

        error.Message.ShouldContain("PID 4242");
        (await ValueAsync(ssm)).ShouldBe("{\"isEnabled\": false}");
    }

    [Fact]
    public async Task Given_a_SecureString_under_a_customer_key_injection_is_refused_and_the_parameter_is_unchanged()
    {
        // Given: failure-lambda's parameter as a SecureString holding a secret, under a customer-managed KMS key.
        using var ssm = moto.Ssm();
        const string Key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const string Secret = "{\"isEnabled\": false, \"token\": \"SECRETSENTINEL-injector\"}";
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = Secret, Type = ParameterType.SecureString, KeyId = Key }, Token);
        var injector = new FailureInjector(ssm, Stack(), Ledger, "test", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };

        // When
        var refused = await Should.ThrowAsync<UnsafeParameterException>(() => injector.InjectAsync(FailureLambdaFault.Exception("x", 1), Token));

        // Then: the reason; the parameter's type, key, value and version as they were; no lease, no record anywhere.
        refused.Message.ShouldContain("is a SecureString");
        refused.Message.ShouldNotContain("SECRETSENTINEL");
        var after = (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter, WithDecryption = true }, Token)).Parameter;
        (after.Type.Value, after.Value, after.Version).ShouldBe(("SecureString", Secret, 1L));
        (await ssm.DescribeParametersAsync(new DescribeParametersRequest { ParameterFilters = [new ParameterStringFilter { Key = "Name", Option = "Equals", Values = [parameter] }] }, Token))
            .Parameters.ShouldHaveSingleItem().KeyId.ShouldBe(Key);
        (await new StackLease(ssm, StackLease.NameFor(parameter)).ReadAsync(Token)).ShouldBeNull();
        (await new StackRecords(ssm).OpenAsync(parameter, Token)).ShouldBeEmpty();
        Ledger.Open().ShouldBeEmpty();
        injector.IsInjected.ShouldBeFalse();
    }

    [Fact]
    public async Task While_a_fault_is_in_its_record_is_in_the_stack_as_well_and_the_rollback_clears_both()
    {
        using var ssm = moto.Ssm();
        await PutAsync(ssm, "{\"isEnabled\": false}");
        var injector = new FailureInjector(ssm, Stack(), Ledger, "test", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };

        var record = await injector.InjectAsync(FailureLambdaFault.Exception("x", 1), Token);
        var inStack = (await new StackRecords(ssm).OpenAsync(parameter, Token)).ShouldHaveSingleItem();
        await injector.RollbackAsync("test", Token);

        inStack.Name.ShouldBe($"/chaos-harness/rollback/{parameter}/{record.Id}");
        inStack.Record.ShouldNotBeNull().Previous.Value.ShouldBe("{\"isEnabled\": false}");
        (inStack.Record.Host, inStack.Record.LeaseToken).ShouldBe((Environment.MachineName, record.LeaseToken));
        (await new StackRecords(ssm).OpenAsync(parameter, Token)).ShouldBeEmpty();
        Ledger.Open().ShouldBeEmpty();
    }
}
