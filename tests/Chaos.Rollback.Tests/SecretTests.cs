using Chaos.Rollback.Tests.Infrastructure;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Rollback.Tests;

/// <summary>No secret (keys, tokens, session credentials) ever appears in output, journals or reports.</summary>
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
}
