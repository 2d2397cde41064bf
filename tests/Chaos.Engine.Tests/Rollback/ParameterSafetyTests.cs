using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.Rollback;
using Chaos.Engine.Stack;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.Rollback;

/// <summary>Parameters the harness must not inject into are refused with the reason, before anything is written.</summary>
public sealed class ParameterSafetyTests(MotoFixture moto)
{
    private const string Fault = "{\"isEnabled\": true, \"failureMode\": \"exception\", \"rate\": 1, \"exceptionMsg\": \"x\"}";
    private readonly string parameter = $"safety-{Guid.NewGuid():N}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_SecureString_is_refused_because_failure_lambda_reads_it_without_decryption()
    {
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"isEnabled\": false}", Type = ParameterType.SecureString, KeyId = "alias/team-key" }, Token);

        var refusal = await ParameterSafety.RefusalAsync(ssm, parameter, Fault, Token);

        refusal.ShouldNotBeNull().ShouldContain("is a SecureString (KMS key alias/team-key)");
        refusal.ShouldContain("without decryption");
        refusal.ShouldContain("Nothing was written");
    }

    [Fact]
    public async Task A_fault_the_allowed_pattern_does_not_admit_is_refused_and_a_plain_String_is_not()
    {
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"isEnabled\": false}", Type = ParameterType.String, AllowedPattern = "^\\{\"isEnabled\": false\\}$" }, Token);

        (await ParameterSafety.RefusalAsync(ssm, parameter, Fault, Token)).ShouldNotBeNull().ShouldContain("allowed pattern");
        (await ParameterSafety.RefusalAsync(ssm, parameter, "{\"isEnabled\": false}", Token)).ShouldBeNull();
    }

    [Fact]
    public async Task A_write_that_would_drop_a_labelled_version_is_refused_up_front_and_explained_when_SSM_refuses_it()
    {
        // Given: 99 versions, the oldest labelled: the fault (version 100) fits, its restore would have to drop version 1.
        using var ssm = moto.Ssm();
        for (var version = 1; version <= 99; version++)
        {
            await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = $"{{\"v\": {version}}}", Type = ParameterType.String, Overwrite = true }, Token);
        }

        await ssm.LabelParameterVersionAsync(new LabelParameterVersionRequest { Name = parameter, ParameterVersion = 1, Labels = ["golden"] }, Token);

        // When / Then: refused before the fault, naming the version and the label.
        var refusal = await ParameterSafety.RefusalAsync(ssm, parameter, Fault, Token);
        refusal.ShouldNotBeNull().ShouldContain("version 1 (golden)");
        refusal.ShouldContain("ParameterMaxVersionLimitExceeded");

        // And SSM's own refusal, when it comes anyway, is explained.
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"v\": 100}", Type = ParameterType.String, Overwrite = true }, Token);
        var refused = await Should.ThrowAsync<ParameterMaxVersionLimitExceededException>(() =>
            ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"v\": 101}", Type = ParameterType.String, Overwrite = true }, Token));
        var explained = SetupErrors.Explain(refused, Stacks.On(moto, parameter));
        explained.ShouldContain("keeps the last 100 versions");
        explained.ShouldContain($"aws ssm unlabel-parameter-version --name {parameter}");
    }
}
