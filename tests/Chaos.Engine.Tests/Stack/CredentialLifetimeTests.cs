using System.Globalization;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.Definition;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Lease;
using Chaos.Engine.Outcome;
using Chaos.Engine.Rollback;
using Chaos.Engine.Running;
using Chaos.Engine.Settings;
using Chaos.Engine.Stack;
using Chaos.Engine.SteadyState;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.Stack;

/// <summary>Credentials that would expire before an experiment's rollback is done are refused before anything is written.</summary>
public sealed class CredentialLifetimeTests(MotoFixture moto) : IDisposable
{
    private const string Original = "{\"isEnabled\": false}";
    private readonly string parameter = $"expiring-{Guid.NewGuid():N}";
    private readonly string work = Directory.CreateTempSubdirectory("chaos-expiring-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(work, recursive: true);

    private ChaosSettings SessionTokenExpiringIn(TimeSpan lifetime) => Stacks.On(moto, parameter, timeScale: 60, function: $"fn-{parameter}", more: new Dictionary<string, string?>
    {
        ["AWS_SESSION_TOKEN"] = "FQoGZXIvYXdzEJr//////////wEaDOnt-a-real-token",
        ["AWS_CREDENTIAL_EXPIRATION"] = DateTimeOffset.UtcNow.Add(lifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    });

    [Fact]
    public async Task Given_a_session_token_expiring_within_the_experiment_it_is_refused_and_nothing_is_written()
    {
        // Given: a session token that expires in two minutes; an experiment whose pause alone is two minutes at this scale.
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = Original, Type = ParameterType.String }, Token);
        await MotoFunctions.RegisterAsync(moto.Endpoint, $"fn-{parameter}", parameter, cancellationToken: Token);
        var settings = SessionTokenExpiringIn(TimeSpan.FromMinutes(2));
        await using var session = await StackSession.OpenAsync(settings, new SessionOptions { ResultsDirectory = Path.Combine(work, "results"), LedgerDirectory = Path.Combine(work, "ledger"), UseWatchdog = false }, Token);
        var definition = new ExperimentDefinition("Long", new Hypothesis("anything", []))
        {
            Method = [Step.Inject(FailureLambdaFault.Exception("x", 1)), Step.Pause(TimeSpan.FromHours(2))],
        };

        // When
        var result = await session.RunAsync(definition, _ => { }, Token);

        // Then: an error with the reason, and the stack untouched: same version, no lease, no record.
        session.Notes.ShouldContain(n => n.StartsWith("The credentials in use expire at", StringComparison.Ordinal));
        result.Verdict.ShouldBe(Verdict.Error);
        result.Outcome.Reason.ShouldContain("the credentials in use expire at");
        result.Outcome.Reason.ShouldContain("Nothing was written");
        result.Journal.Run.ShouldBeEmpty();
        var now = (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, Token)).Parameter;
        (now.Value, now.Version).ShouldBe((Original, 1L));
        (await new StackLease(ssm, StackLease.NameFor(parameter)).ReadAsync(Token)).ShouldBeNull();
        (await new StackRecords(ssm).OpenAsync(parameter, Token)).ShouldBeEmpty();
    }

    [Fact]
    public void The_expiry_comes_from_AWS_CREDENTIAL_EXPIRATION_onto_the_credentials_and_refreshing_credentials_have_none()
    {
        var settings = SessionTokenExpiringIn(TimeSpan.FromMinutes(30));

        var expiry = CredentialLifetime.ExpiryOf(ChaosClients.Credentials(settings)).ShouldNotBeNull();

        (expiry - DateTimeOffset.UtcNow).ShouldBeInRange(TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        CredentialLifetime.ExpiryOf(new BasicAWSCredentials("a", "b")).ShouldBeNull();
        CredentialLifetime.Problem(expiry, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(1)).ShouldBeNull();
        CredentialLifetime.Problem(expiry, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1))
            .ShouldNotBeNull().ShouldContain("15 min settling, 15 min of pauses and 1 min for the rollback (31 min)");
    }

    [Fact]
    public void A_malformed_expiration_is_a_settings_problem()
    {
        var error = Should.Throw<ChaosSettingsException>(() => Stacks.On(moto, parameter, more: new Dictionary<string, string?> { ["AWS_CREDENTIAL_EXPIRATION"] = "soon" }));

        error.Message.ShouldContain("AWS_CREDENTIAL_EXPIRATION");
        error.Message.ShouldContain("'soon' is not a time");
    }
}
