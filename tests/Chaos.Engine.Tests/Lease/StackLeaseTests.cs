using System.Text.Json;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.Lease;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.Lease;

/// <summary>The stack's lease against moto's SSM: an expired lease is broken by exactly one of the runs racing for it.</summary>
public sealed class StackLeaseTests(MotoFixture moto)
{
    private readonly string lease = StackLease.NameFor($"lease-{Guid.NewGuid():N}");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Task PutExpiredAsync(IAmazonSimpleSystemsManagement ssm, string token) =>
        ssm.PutParameterAsync(new PutParameterRequest
        {
            Name = lease,
            Type = ParameterType.String,
            Value = JsonSerializer.Serialize(new LeaseHolder("ci@lost-runner pid 1", "an old run", DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(-1), token)),
        }, Token);

    [Fact]
    public async Task Two_breakers_racing_for_an_expired_lease_exactly_one_wins_in_each_of_fifty_races()
    {
        using var ssm = moto.Ssm();
        var winners = new List<int>();
        for (var race = 0; race < 50; race++)
        {
            // Given: a lease that expired an hour ago.
            await PutExpiredAsync(ssm, $"old{race}");

            // When: two runs see it at once (each with its own client, as two machines would) and both try to break it.
            using var ssmA = moto.Ssm();
            using var ssmB = moto.Ssm();
            using var start = new Barrier(2);
            var results = await Task.WhenAll(
                Task.Run(() => AttemptAsync(new StackLease(ssmA, lease), "a", start), Token),
                Task.Run(() => AttemptAsync(new StackLease(ssmB, lease), "b", start), Token));

            // Then: one holds the lease, and the lease is that one's.
            var won = results.Where(r => r is not null).ToList();
            winners.Add(won.Count);
            won.Count.ShouldBe(1, $"race {race}: {won.Count} runs hold the lease");
            (await new StackLease(ssm, lease).ReadAsync(Token)).ShouldNotBeNull().Token.ShouldBe(won[0]!.Token, $"race {race}");
            await new StackLease(ssm, lease).ReleaseAsync(won[0]!.Token, Token);
        }

        winners.ShouldAllBe(count => count == 1);
        (await new StackLease(ssm, lease).ReadAsync(Token)).ShouldBeNull();
    }

    [Fact]
    public async Task A_holder_releasing_while_another_run_breaks_its_expired_lease_leaves_one_lease_or_none_never_removes_a_fresh_one()
    {
        using var ssm = moto.Ssm();
        for (var race = 0; race < 20; race++)
        {
            // Given: the holder of an expired lease releases it just as another run breaks it and takes its own.
            await PutExpiredAsync(ssm, $"late{race}");
            using var ssmA = moto.Ssm();
            using var ssmB = moto.Ssm();
            using var start = new Barrier(2);
            var releasing = Task.Run(() => { start.SignalAndWait(Token); return new StackLease(ssmA, lease).ReleaseAsync($"late{race}", Token); }, Token);
            var breaking = Task.Run(() => AttemptAsync(new StackLease(ssmB, lease), "breaker", start), Token);
            await releasing;
            var taken = await breaking;

            // Then: the breaker holds the lease it took; the late release did not remove it.
            taken.ShouldNotBeNull($"race {race}: the breaker did not get the lease");
            (await new StackLease(ssm, lease).ReadAsync(Token)).ShouldNotBeNull($"race {race}: the fresh lease was removed").Token.ShouldBe(taken.Token);
            await new StackLease(ssm, lease).ReleaseAsync(taken.Token, Token);
        }
    }

    [Fact]
    public async Task A_lease_whose_holder_is_known_to_be_gone_is_broken_before_it_expires_and_a_live_one_is_not()
    {
        using var ssm = moto.Ssm();
        var holder = await new StackLease(ssm, lease).AcquireAsync("a run on a machine that is gone", TimeSpan.FromHours(1), Token);

        await Should.ThrowAsync<LeaseHeldException>(() => new StackLease(ssm, lease).AcquireAsync("next", TimeSpan.FromHours(1), Token, gone: _ => false));
        var next = await new StackLease(ssm, lease).AcquireAsync("next", TimeSpan.FromHours(1), Token, gone: h => h.Token == holder.Token);

        (await new StackLease(ssm, lease).ReadAsync(Token)).ShouldNotBeNull().Token.ShouldBe(next.Token);
        await new StackLease(ssm, lease).ReleaseAsync(holder.Token, Token); // the gone run's late release changes nothing
        (await new StackLease(ssm, lease).ReadAsync(Token)).ShouldNotBeNull().Token.ShouldBe(next.Token);
        await new StackLease(ssm, lease).ReleaseAsync(next.Token, Token);
        (await new StackLease(ssm, lease).ReadAsync(Token)).ShouldBeNull();
    }

    private static async Task<LeaseHolder?> AttemptAsync(StackLease candidate, string name, Barrier start)
    {
        start.SignalAndWait(Token);
        try
        {
            return await candidate.AcquireAsync(name, TimeSpan.FromHours(1), Token);
        }
        catch (LeaseHeldException)
        {
            return null;
        }
    }
}
