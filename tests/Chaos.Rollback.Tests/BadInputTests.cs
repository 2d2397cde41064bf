using System.Net;
using System.Net.Sockets;
using Chaos.Engine.Summary;
using Chaos.Rollback.Tests.Infrastructure;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Rollback.Tests;

/// <summary>Bad input is refused with a clear message before anything changes: real drill runs, each with one thing wrong.</summary>
[Collection(RollbackSuite.Name)]
public sealed class BadInputTests(MotoFixture moto)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string?, string> Refusals()
    {
        var closed = ClosedPort();
        return new TheoryData<string, string, string?, string>
        {
            { "unreachable endpoint", "AWS_ENDPOINT_URL", $"http://127.0.0.1:{closed}", $"Cannot reach http://127.0.0.1:{closed}/ (AWS_ENDPOINT_URL)" },
            { "missing credentials", "AWS_ACCESS_KEY_ID", null, "No AWS credentials found" },
            { "account not allowed", "CHAOS_ALLOWED_ACCOUNTS", "111111111111", "account 123456789012, which is not on the list (111111111111)" },
            { "time scale against AWS", "CHAOS_TIME_SCALE", "10", "Invalid CHAOS_TIME_SCALE: '10' is refused: a time scale other than 1 needs every AWS endpoint on loopback (AWS_ENDPOINT_URL_SSM=https://ssm.us-east-1.amazonaws.com/)" },
            { "missing setting", "S3_BUCKET_NAME", null, "Missing or empty: S3_BUCKET_NAME." },
            { "malformed setting", "AWS_REGION", "moon-base-1x", "Invalid AWS_REGION: 'moon-base-1x' is not an AWS region" },
        };
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Given_bad_input_the_run_is_refused_and_nothing_changes(string problem, string variable, string? value, string message)
    {
        var environment = new Dictionary<string, string?> { [variable] = value };
        if (problem == "missing credentials")
        {
            environment["AWS_SECRET_ACCESS_KEY"] = null;
            environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
            environment["AWS_CONFIG_FILE"] = "/nonexistent/config";
            environment["AWS_EC2_METADATA_DISABLED"] = "true";
        }

        if (problem == "time scale against AWS")
        {
            environment["AWS_ENDPOINT_URL_SSM"] = "https://ssm.us-east-1.amazonaws.com";
        }

        await AssertRefusedAsync("FullyQualifiedName~FailingDrill", environment, message);
    }

    // A session token whose expiry the test controls: it lasts a minute, less than a drill's settling (15 s at this scale)
    // and rollback limit (60 s) together.
    [Fact]
    public Task Given_a_session_token_expiring_within_the_experiment_it_is_refused_before_anything_is_written() =>
        AssertRefusedAsync(
            "FullyQualifiedName~FailingDrill",
            new Dictionary<string, string?>
            {
                ["AWS_SESSION_TOKEN"] = "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
                ["AWS_CREDENTIAL_EXPIRATION"] = DateTimeOffset.UtcNow.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            },
            "the credentials in use expire at");

    [Fact]
    public Task Given_an_invalid_fault_it_is_refused_before_it_reaches_SSM() =>
        AssertRefusedAsync("FullyQualifiedName~InvalidFaultDrill", null, "minLatency 5000 is greater than maxLatency 3000");

    [Fact]
    public async Task Given_no_parameter_the_run_refuses_to_create_one_and_is_inconclusive()
    {
        // A parameter that does not exist is what a typo in its name looks like: writing it would inject nothing.
        using var ssm = moto.Ssm();
        await using var drill = await Drill.StartAsync(moto, "FullyQualifiedName~FailingDrill", Token, originalValue: Drill.Absent);

        (await drill.WaitForExitAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue();

        drill.Output.ShouldNotContain($"Injected into {drill.Parameter}", Case.Sensitive);
        var recorded = RunSummaryFile.Read(drill.ResultsDirectory).ShouldNotBeNull(drill.Output).Experiments.ShouldHaveSingleItem();
        recorded.Verdict.ShouldBe("inconclusive");
        recorded.Reason.ShouldContain($"the parameter {drill.Parameter} that ChaosTransformer-");
        (await drill.ValueAsync(ssm, Token)).ShouldBeNull("nothing was created");
        (await drill.CleanAsync(ssm, Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task Given_a_parameter_holding_text_that_is_not_JSON_it_is_restored_byte_for_byte()
    {
        const string Original = "not JSON { \"isEnabled\": tru ' \\ é";
        using var ssm = moto.Ssm();
        await using var drill = await Drill.StartAsync(moto, "FullyQualifiedName~FailingDrill", Token, originalValue: Original);

        (await drill.WaitForExitAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue();

        drill.Output.ShouldContain($"Injected into {drill.Parameter}", Case.Sensitive, "the drill never injected, so its rollback proves nothing");
        (await drill.ValueAsync(ssm, Token)).ShouldBe(Original, drill.Output);
        (await drill.CleanAsync(ssm, Token)).ShouldBeTrue();
    }

    private async Task AssertRefusedAsync(string filter, Dictionary<string, string?>? environment, string message)
    {
        using var ssm = moto.Ssm();
        await using var drill = await Drill.StartAsync(moto, filter, Token, environment);

        (await drill.WaitForExitAsync(TimeSpan.FromSeconds(90))).ShouldBeTrue("the drill did not end");

        drill.ExitCode.ShouldNotBe(0);
        drill.Output.ShouldContain(message, Case.Sensitive, drill.Output);
        var recorded = RunSummaryFile.Read(drill.ResultsDirectory).ShouldNotBeNull("the refused run is in the summary, so run-chaos.sh lists it").Experiments.ShouldHaveSingleItem();
        recorded.Verdict.ShouldBe("error");
        recorded.Reason.ShouldContain(message);
        (await drill.ValueAsync(ssm, Token)).ShouldBe(drill.Original);
        (await drill.CleanAsync(ssm, Token)).ShouldBeTrue("a rollback record or a lease was left");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
