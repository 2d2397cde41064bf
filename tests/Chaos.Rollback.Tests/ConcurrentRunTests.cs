using System.Text.Json;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.Timing;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Lease;
using Chaos.Engine.Rollback;
using Chaos.Rollback.Tests.Infrastructure;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Rollback.Tests;

/// <summary>One experiment per stack at a time, across machines (two ledgers stand for two machines).</summary>
[Collection(RollbackSuite.Name)]
public sealed class ConcurrentRunTests(MotoFixture moto) : IDisposable
{
    private readonly string machineA = Directory.CreateTempSubdirectory("chaos-machine-a-").FullName;
    private readonly string machineB = Directory.CreateTempSubdirectory("chaos-machine-b-").FullName;
    private readonly string parameter = $"shared-{Guid.NewGuid():N}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Directory.Delete(machineA, recursive: true);
        Directory.Delete(machineB, recursive: true);
    }

    [Fact]
    public async Task Given_a_run_holding_the_stack_a_second_run_refuses_to_inject_and_names_the_holder()
    {
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"isEnabled\": false}", Type = ParameterType.String }, Token);
        var first = new FailureInjector(ssm, Stacks.On(moto, parameter), new RollbackLedger(machineA), "first run", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };
        var second = new FailureInjector(ssm, Stacks.On(moto, parameter), new RollbackLedger(machineB), "second run", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };
        var fault = FailureLambdaFault.Latency(3000, 5000, 0.5);

        await first.InjectAsync(fault, Token);
        var refused = await Should.ThrowAsync<LeaseHeldException>(() => second.InjectAsync(FailureLambdaFault.Exception("other", 1), Token));

        refused.Message.ShouldContain("running 'first run'");
        refused.Message.ShouldContain($"pid {Environment.ProcessId}");
        refused.Message.ShouldContain("Nothing was injected");
        (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, Token)).Parameter.Value.ShouldBe(fault.ToParameterValue());
        new RollbackLedger(machineB).Open().ShouldBeEmpty();

        // Released after rollback: the second run may go.
        await first.RollbackAsync("test", Token);
        await second.InjectAsync(FailureLambdaFault.Exception("other", 1), Token);
        await second.RollbackAsync("test", Token);
        (await new StackLease(ssm, StackLease.NameFor(parameter)).ReadAsync(Token)).ShouldBeNull();
    }

    [Fact]
    public async Task Given_an_expired_lease_left_by_a_lost_run_it_is_broken()
    {
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"isEnabled\": false}", Type = ParameterType.String }, Token);
        var stale = new LeaseHolder("ci@lost-runner pid 1", "an old run", DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(-2), "old");
        await ssm.PutParameterAsync(new PutParameterRequest { Name = StackLease.NameFor(parameter), Value = JsonSerializer.Serialize(stale), Type = ParameterType.String }, Token);
        var injector = new FailureInjector(ssm, Stacks.On(moto, parameter), new RollbackLedger(machineA), "new run", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };

        await injector.InjectAsync(FailureLambdaFault.Exception("x", 1), Token);
        var holder = await new StackLease(ssm, StackLease.NameFor(parameter)).ReadAsync(Token);
        await injector.RollbackAsync("test", Token);

        holder.ShouldNotBeNull().Experiment.ShouldBe("new run");
    }

    [Fact]
    public async Task Two_runs_racing_for_one_stack_inject_exactly_once()
    {
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"isEnabled\": false}", Type = ParameterType.String }, Token);
        var a = new FailureInjector(ssm, Stacks.On(moto, parameter), new RollbackLedger(machineA), "a", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };
        var b = new FailureInjector(ssm, Stacks.On(moto, parameter), new RollbackLedger(machineB), "b", RunTimings.Default, TimeProvider.System) { UseWatchdog = false };

        var results = await Task.WhenAll(Attempt(a), Attempt(b));

        results.Count(r => r).ShouldBe(1);
        await a.RollbackAsync("test", Token);
        await b.RollbackAsync("test", Token);
        (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, Token)).Parameter.Value.ShouldBe("{\"isEnabled\": false}");
    }

    private static async Task<bool> Attempt(FailureInjector injector)
    {
        try
        {
            await injector.InjectAsync(FailureLambdaFault.Exception("race", 1), Token);
            return true;
        }
        catch (LeaseHeldException)
        {
            return false;
        }
    }
}
