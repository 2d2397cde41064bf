using Chaos.Engine.SteadyState;
using Chaos.Sandbox.Tests.Infrastructure;
using Shouldly;

namespace Chaos.Sandbox.Tests.Pipeline;

/// <summary>The workshop's findings, reproduced fault for fault on the fire-and-forget sandbox.</summary>
[Collection(FireAndForgetSandbox.Collection)]
public sealed class FaultTests(FireAndForgetSandbox sandbox)
{
    private const string Latency = "{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": 0.5, \"minLatency\": 3000, \"maxLatency\": 5000}";
    private const string DynamoDenylist = "{\"isEnabled\": true, \"failureMode\": \"denylist\", \"rate\": 0.5, \"denylist\": [\"dynamodb.*.amazonaws.com\"]}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Latency_with_a_3_s_timeout_breaks_the_error_rate_and_fills_the_error_queue_and_a_120_s_timeout_fixes_it()
    {
        await sandbox.ResetAsync(Token);
        var deadLettersBefore = await DeadLettersAsync();
        try
        {
            // When: lab 3's fault with the workshop's 3 s timeout: the error rate leaves its tolerance…
            await sandbox.SetFailureConfigAsync(Latency, Token);
            await sandbox.WaitUntilAsync(r => r[PipelineIndicators.InError].Value > 5, SandboxFixture.Window * 3, Token);

            // …and messages pile into the error queue once they have failed three receives (3 × the scaled visibility timeout).
            (await WaitForDeadLettersAboveAsync(deadLettersBefore, SandboxFixture.Window * 4)).ShouldBeGreaterThan(deadLettersBefore);

            // When: the lab's fix, applied live as on AWS.
            await sandbox.SetLambdaTimeoutAsync(SandboxFixture.FixedTimeoutSeconds, Token);
            var settled = DateTime.UtcNow + SandboxFixture.Window + SandboxFixture.Minute;
            await sandbox.WaitUntilAsync(r => DateTime.UtcNow >= settled && r[PipelineIndicators.InError].Value <= 5, SandboxFixture.Window * 4, Token);
            var samples = await sandbox.SampleForAsync(SandboxFixture.Window, Token);

            // Then: the same fault stays within 5% for a whole window.
            samples.ShouldAllBe(s => s[PipelineIndicators.InError].Value <= 5, string.Join("\n", samples));
        }
        finally
        {
            await sandbox.SetFailureConfigAsync("{\"isEnabled\": false}", CancellationToken.None);
            await sandbox.SetLambdaTimeoutAsync(SandboxFixture.WorkshopTimeoutSeconds, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_DynamoDB_denylist_with_fire_and_forget_writes_keeps_errors_normal_but_drives_in_flight_up()
    {
        // Lab 4 comes after lab 3's fix: the function's timeout is 120 s.
        var baseline = await BaselineAsync(SandboxFixture.FixedTimeoutSeconds);
        baseline[PipelineIndicators.InFlight].Value!.Value.ShouldBeLessThan(10, baseline.ToString());
        try
        {
            await sandbox.SetFailureConfigAsync(DynamoDenylist, Token);

            var after = await sandbox.WaitUntilAsync(r => r[PipelineIndicators.InFlight].Value >= 40, SandboxFixture.Window * 3, Token);

            after[PipelineIndicators.InError].Value!.Value.ShouldBeLessThanOrEqualTo(5, after.ToString());
        }
        finally
        {
            await sandbox.SetFailureConfigAsync("{\"isEnabled\": false}", CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_legacy_blacklist_mode_at_rate_1_changes_nothing_measurable()
    {
        var baseline = await BaselineAsync(SandboxFixture.FixedTimeoutSeconds);
        try
        {
            await sandbox.SetFailureConfigAsync("{\"isEnabled\": true, \"failureMode\": \"blacklist\", \"rate\": 1, \"blacklist\": [\"dynamodb.*.amazonaws.com\"]}", Token);

            var samples = await sandbox.SampleForAsync(SandboxFixture.Window * 1.2, Token);

            // Nothing measurable: in flight stays where the no-fault baseline was, and errors within the tolerance.
            samples.ShouldAllBe(s => Math.Abs(s[PipelineIndicators.InFlight].Value!.Value - baseline[PipelineIndicators.InFlight].Value!.Value) < 5, string.Join("\n", samples));
            samples.ShouldAllBe(s => s[PipelineIndicators.InError].Value <= 5, string.Join("\n", samples));
        }
        finally
        {
            await sandbox.SetFailureConfigAsync("{\"isEnabled\": false}", CancellationToken.None);
        }
    }

    private async Task<HypothesisResult> BaselineAsync(int lambdaTimeoutSeconds)
    {
        await sandbox.ResetAsync(Token, lambdaTimeoutSeconds);
        return await sandbox.EvaluateAsync(Token);
    }

    private async Task<long> WaitForDeadLettersAboveAsync(long before, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        long now;
        while ((now = await DeadLettersAsync()) <= before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Token);
        }

        return now;
    }

    private Task<long> DeadLettersAsync() => sandbox.QueueAttributeAsync(sandbox.Settings.ErrorQueueName, "ApproximateNumberOfMessages", Token);
}
