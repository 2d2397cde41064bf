using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.Timing;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Rollback;
using Chaos.Rollback.Tests.Infrastructure;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Rollback.Tests;

/// <summary>Rollback while SSM throttles: retried with backoff; and when it cannot succeed, loud, with the record kept.</summary>
[Collection(RollbackSuite.Name)]
public sealed class ThrottledRollbackTests(MotoFixture moto) : IDisposable
{
    private readonly string ledgerDirectory = Directory.CreateTempSubdirectory("chaos-throttle-").FullName;
    private readonly string parameter = $"throttled-{Guid.NewGuid():N}";
    private readonly ThrottlingSsmTransport transport = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(ledgerDirectory, recursive: true);

    // The SDK's own retries are off, so what is measured is the harness's rollback retry.
    private AmazonSimpleSystemsManagementClient ThrottledClient() => new(MotoFixture.Credentials, new AmazonSimpleSystemsManagementConfig
    {
        ServiceURL = moto.Endpoint.ToString(),
        AuthenticationRegion = MotoFixture.Region,
        MaxErrorRetry = 0,
        HttpClientFactory = transport,
    });

    private async Task<string> ValueAsync() => (await moto.Ssm().GetParameterAsync(new GetParameterRequest { Name = parameter }, Token)).Parameter.Value;

    [Fact]
    public async Task Given_SSM_throttles_the_restore_five_times_rollback_retries_and_restores()
    {
        using var ssm = ThrottledClient();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"isEnabled\": false}", Type = ParameterType.String }, Token);
        var injector = new FailureInjector(ssm, Stacks.On(moto, parameter), new RollbackLedger(ledgerDirectory), "throttled", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };
        await injector.InjectAsync(FailureLambdaFault.Exception("x", 1), Token);

        transport.Arm(5);
        var outcome = await injector.RollbackAsync("test", Token);

        transport.Throttled.ShouldBe(5);
        outcome.Detail.ShouldContain("6 attempts");
        (await ValueAsync()).ShouldBe("{\"isEnabled\": false}");
        new RollbackLedger(ledgerDirectory).Open().ShouldBeEmpty();
    }

    [Fact]
    public async Task Given_SSM_throttles_past_the_deadline_rollback_fails_loudly_keeps_the_record_and_gives_the_command()
    {
        using var ssm = ThrottledClient();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"isEnabled\": false}", Type = ParameterType.String }, Token);
        var injector = new FailureInjector(ssm, Stacks.On(moto, parameter), new RollbackLedger(ledgerDirectory), "throttled", RunTimings.Default with { RestoreRetryDeadline = TimeSpan.FromSeconds(2) }, TimeProvider.System)
        {
            UseWatchdog = false,
        };
        await injector.InjectAsync(FailureLambdaFault.Exception("x", 1), Token);

        transport.Arm(int.MaxValue);
        var error = await Should.ThrowAsync<RollbackFailedException>(() => injector.RollbackAsync("test", Token));

        error.Message.ShouldContain("ROLLBACK FAILED");
        error.Message.ShouldContain($"aws ssm put-parameter --endpoint-url {moto.Endpoint} --region us-east-1 --name {parameter} --type String --overwrite --value '{{\"isEnabled\": false}}'");
        new RollbackLedger(ledgerDirectory).Open().ShouldHaveSingleItem().ParameterName.ShouldBe(parameter);
        injector.IsInjected.ShouldBeTrue();

        // When SSM recovers, the same rollback completes.
        transport.Arm(0);
        (await injector.RollbackAsync("test", Token)).Restored.ShouldBeTrue();
        (await ValueAsync()).ShouldBe("{\"isEnabled\": false}");
    }
}
