using Chaos.Engine.SteadyState;
using Chaos.Sandbox.Tests.Infrastructure;
using Shouldly;

namespace Chaos.Sandbox.Tests.Pipeline;

/// <summary>
/// Lab 4's findings, reproduced on the fire-and-forget sandbox. (Lab 3's — latency with a 3 s timeout breaks the error
/// rate and fills the error queue, a 120 s timeout fixes it — is proven end to end by tests/e2e/exp1-verdicts.sh, through
/// ./run-chaos.sh, the harness's verdicts and the AWS CLI.)
/// </summary>
[Collection(FireAndForgetSandbox.Collection)]
public sealed class FaultTests(FireAndForgetSandbox sandbox)
{
    private const string DynamoDenylist = "{\"isEnabled\": true, \"failureMode\": \"denylist\", \"rate\": 0.5, \"denylist\": [\"dynamodb.*.amazonaws.com\"]}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_DynamoDB_denylist_with_fire_and_forget_writes_keeps_errors_normal_but_drives_in_flight_up()
    {
        var baseline = await BaselineAsync();
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
        var baseline = await BaselineAsync();
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

    private async Task<HypothesisResult> BaselineAsync()
    {
        await sandbox.ResetAsync(Token);
        return await sandbox.EvaluateAsync(Token);
    }
}
