using Chaos.Engine.SteadyState;
using Chaos.Sandbox.Tests.Infrastructure;
using Shouldly;

namespace Chaos.Sandbox.Tests.Pipeline;

/// <summary>Lab 4's second finding: with awaited writes the DynamoDB denylist shows up as errors instead.</summary>
[Collection(AwaitedSandbox.Collection)]
public sealed class AwaitedFaultTests(AwaitedSandbox sandbox)
{
    [Fact]
    public async Task A_DynamoDB_denylist_with_awaited_writes_drives_the_error_rate_above_5_percent()
    {
        var token = TestContext.Current.CancellationToken;
        try
        {
            await sandbox.SetFailureConfigAsync("{\"isEnabled\": true, \"failureMode\": \"denylist\", \"rate\": 0.5, \"denylist\": [\"dynamodb.*.amazonaws.com\"]}", token);

            var after = await sandbox.WaitUntilAsync(r => r[PipelineIndicators.InError].Value > 5, SandboxFixture.Window * 2, token);

            after[PipelineIndicators.InError].Verdict.ShouldBe(IndicatorVerdict.NotMet);
        }
        finally
        {
            await sandbox.SetFailureConfigAsync("{\"isEnabled\": false}", CancellationToken.None);
        }
    }
}
