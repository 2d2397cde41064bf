using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.Summary;
using Chaos.Rollback.Tests.Infrastructure;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Rollback.Tests;

/// <summary>No secret (keys, tokens, session credentials, a SecureString's value) ever appears in output, journals, logs or reports.</summary>
[Collection(RollbackSuite.Name)]
public sealed class SecretTests(MotoFixture moto)
{
    [Fact]
    public async Task Given_credentials_in_the_environment_none_appears_in_output_journals_records_or_reports()
    {
        // Given: recognisable secrets (moto accepts any).
        const string Secret = "SECRETSENTINELwJalrXUtnFEMI";
        const string Token = "TOKENSENTINELAQoDYXdzEPT";
        const string KeyId = "AKIASENTINEL4XYZ";
        var environment = new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = KeyId, ["AWS_SECRET_ACCESS_KEY"] = Secret, ["AWS_SESSION_TOKEN"] = Token };
        using var ssm = moto.Ssm();

        // When: a run that injects, fails, rolls back and writes its journal and TRX.
        await using var drill = await Drill.StartAsync(moto, "FullyQualifiedName~FailingDrill", TestContext.Current.CancellationToken, environment);
        (await drill.WaitForExitAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue();

        // Then
        drill.Output.ShouldContain($"Injected into {drill.Parameter}", Case.Sensitive, "the drill never injected, so the run wrote little to search");
        (await drill.ValueAsync(ssm, TestContext.Current.CancellationToken)).ShouldBe(drill.Original);
        var files = Directory.GetFiles(drill.WorkDirectory, "*", SearchOption.AllDirectories);
        files.ShouldContain(f => f.EndsWith(".json", StringComparison.Ordinal) && f.Contains("journals", StringComparison.Ordinal), "no journal was written");
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            text.ShouldNotContain(Secret, Case.Sensitive, file);
            text.ShouldNotContain(Token, Case.Sensitive, file);
            text.ShouldNotContain(KeyId, Case.Sensitive, file);
        }
    }

    [Fact]
    public async Task Given_a_SecureString_under_a_customer_KMS_key_it_is_refused_unchanged_and_no_file_the_run_wrote_holds_its_plaintext()
    {
        // Given: failure-lambda's parameter as a SecureString holding a token, under a customer-managed key; a run that
        // writes its journal, its summary, its TRX (with the test's output) and its rollback log.
        const string Plain = "SECURESTRINGSENTINELq8Zr";
        const string Key = "arn:aws:kms:us-east-1:111122223333:key/0c6f0ad6-1b2c-4d5e-8f90-123456789abc";
        var value = $"{{\"isEnabled\": false, \"token\": \"{Plain}\"}}";
        using var ssm = moto.Ssm();
        var stack = await DrillStack.CreateAsync(moto, value, TestContext.Current.CancellationToken, ParameterType.SecureString, Key);
        var settings = Path.Combine(Directory.CreateTempSubdirectory("chaos-secret-").FullName, "trx.runsettings");
        await File.WriteAllTextAsync(settings, "<RunSettings><LoggerRunSettings><Loggers><Logger friendlyName=\"trx\" enabled=\"True\" /></Loggers></LoggerRunSettings></RunSettings>", TestContext.Current.CancellationToken);

        // When: an experiment tries to inject into it.
        await using var drill = await Drill.StartAsync(moto, "FullyQualifiedName~FailingDrill", TestContext.Current.CancellationToken, runSettings: settings, stack: stack);
        (await drill.WaitForExitAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue();

        // Then: refused with the reason, before anything was written.
        drill.Output.ShouldNotContain($"Injected into {drill.Parameter}", Case.Sensitive);
        var recorded = RunSummaryFile.Read(drill.ResultsDirectory).ShouldNotBeNull(drill.Output).Experiments.ShouldHaveSingleItem();
        recorded.Reason.ShouldContain($"{drill.Parameter} is a SecureString (KMS key {Key})");
        recorded.Reason.ShouldContain("failure-lambda reads its parameter without decryption");

        // And: type, key, value and version as they were; no lease, no record.
        var after = (await ssm.GetParameterAsync(new GetParameterRequest { Name = drill.Parameter, WithDecryption = true }, TestContext.Current.CancellationToken)).Parameter;
        (after.Type.Value, after.Value, after.Version).ShouldBe(("SecureString", value, 1L));
        var described = await ssm.DescribeParametersAsync(new DescribeParametersRequest { ParameterFilters = [new ParameterStringFilter { Key = "Name", Option = "Equals", Values = [drill.Parameter] }] }, TestContext.Current.CancellationToken);
        described.Parameters.ShouldHaveSingleItem().KeyId.ShouldBe(Key);
        (await stack.CleanAsync(ssm, TestContext.Current.CancellationToken)).ShouldBeTrue();

        // And: no file the run wrote holds the plaintext.
        var files = Directory.GetFiles(drill.WorkDirectory, "*", SearchOption.AllDirectories);
        files.ShouldContain(f => f.EndsWith(".trx", StringComparison.Ordinal), "no TRX was written");
        files.ShouldContain(f => f.EndsWith(".json", StringComparison.Ordinal) && f.Contains("journals", StringComparison.Ordinal), "no journal was written");
        foreach (var file in files)
        {
            (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).ShouldNotContain(Plain, Case.Sensitive, file);
        }
    }
}
