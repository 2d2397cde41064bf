using System.Text.Json;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.Rollback;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.Rollback;

/// <summary>Snapshots and restores of the whole parameter against moto's SSM: every attribute back, and no secret ever held.</summary>
public sealed class ParameterRestorerTests(MotoFixture moto)
{
    private const string CustomerKey = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string Secret = "SECURESENTINEL-p4ssw0rd";
    private readonly string parameter = $"whole-{Guid.NewGuid():N}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private RollbackRecord Record(ParameterSnapshot previous) =>
        new(parameter, MotoFixture.Region, moto.Endpoint.ToString(), previous, "{\"isEnabled\": true}", "test", Environment.ProcessId, DateTimeOffset.UtcNow) { Id = "r1" };

    [Fact]
    public async Task A_String_parameter_with_a_tier_description_and_allowed_pattern_comes_back_with_all_of_them()
    {
        // Given: an advanced parameter with a description and an allowed pattern, snapshotted, then overwritten by the fault.
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest
        {
            Name = parameter, Value = "{\"isEnabled\": false}", Type = ParameterType.String, Tier = ParameterTier.Advanced,
            Description = "failure-lambda's switch", AllowedPattern = "^\\{.*\\}$",
        }, Token);
        var snapshot = await ParameterRestorer.SnapshotAsync(ssm, parameter, Token);
        await ParameterRestorer.WriteFaultAsync(ssm, parameter, snapshot, "{\"isEnabled\": true}", Token);

        // When
        var outcome = await ParameterRestorer.RestoreAsync(ssm, Record(snapshot), Token);

        // Then
        outcome.Restored.ShouldBeTrue();
        (snapshot.Type, snapshot.Tier, snapshot.Description, snapshot.AllowedPattern, snapshot.DataType, snapshot.Version).ShouldBe(("String", "Advanced", "failure-lambda's switch", "^\\{.*\\}$", "text", 1L));
        var now = await ParameterRestorer.SnapshotAsync(ssm, parameter, Token);
        now.Attributes().ShouldBe(snapshot.Attributes());
        now.Value.ShouldBe("{\"isEnabled\": false}");
        now.Version.ShouldBe(3, "the fault and the restore are one version each");
    }

    [Fact]
    public async Task A_SecureString_is_snapshotted_without_its_value_and_restored_from_its_version_with_its_key()
    {
        // Given: a SecureString under a customer key, overwritten as a plain String.
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = Secret, Type = ParameterType.SecureString, KeyId = CustomerKey }, Token);
        var snapshot = await ParameterRestorer.SnapshotAsync(ssm, parameter, Token);
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"isEnabled\": true}", Type = ParameterType.String, Overwrite = true }, Token);
        var record = Record(snapshot);

        // When
        await ParameterRestorer.RestoreAsync(ssm, record, Token);

        // Then: type, key and value are back, and nothing the harness holds or prints has the secret.
        snapshot.Value.ShouldBeNull();
        (snapshot.Type, snapshot.KeyId, snapshot.Version).ShouldBe(("SecureString", CustomerKey, 1L));
        var described = (await ssm.DescribeParametersAsync(new DescribeParametersRequest { ParameterFilters = [new ParameterStringFilter { Key = "Name", Option = "Equals", Values = [parameter] }] }, Token)).Parameters.ShouldHaveSingleItem();
        (described.Type.Value, described.KeyId).ShouldBe(("SecureString", CustomerKey));
        (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter, WithDecryption = true }, Token)).Parameter.Value.ShouldBe(Secret);
        foreach (var text in new[] { JsonSerializer.Serialize(record), record.ManualRestoreCommand(), snapshot.ToString() })
        {
            text.ShouldNotContain("SECURESENTINEL");
        }

        record.ManualRestoreCommand().ShouldContain($"--name {parameter}:1 --with-decryption");
        record.ManualRestoreCommand().ShouldContain($"--key-id '{CustomerKey}'");
    }

    [Fact]
    public async Task A_restore_that_does_not_bring_the_attributes_back_is_not_reported_as_restored()
    {
        // Given: a record that says the parameter was an advanced one with a description; the description is then changed
        // behind the restore's back by a stack whose SSM keeps what it is not given (moto, like a partial restore).
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{}", Type = ParameterType.String, Description = "original" }, Token);
        var snapshot = await ParameterRestorer.SnapshotAsync(ssm, parameter, Token);
        var claimed = snapshot with { Description = null };
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"isEnabled\": true}", Type = ParameterType.String, Overwrite = true }, Token);

        // When / Then: verification compares every attribute, not only the value.
        var error = await Should.ThrowAsync<InvalidOperationException>(() => ParameterRestorer.RestoreAsync(ssm, Record(claimed), Token));
        error.Message.ShouldContain("did not stick");
        error.Message.ShouldContain("description original");
    }
}
