using Chaos.Engine.SteadyState;
using Chaos.Sandbox.Tests.Infrastructure;
using Shouldly;

namespace Chaos.Sandbox.Tests.Pipeline;

/// <summary>Lab 4's second finding: with awaited writes the DynamoDB denylist shows up as errors instead.</summary>
[Collection(AwaitedSandbox.Collection)]
public sealed class AwaitedFaultTests(AwaitedSandbox sandbox)
{
    [Fact]
    public async Task A_DynamoDB_denylist_with_awaited_writes_drives_the_error_rate_above_5_percent_and_the_log_says_why()
    {
        var token = TestContext.Current.CancellationToken;
        var since = DateTimeOffset.UtcNow;
        try
        {
            await sandbox.SetFailureConfigAsync("{\"isEnabled\": true, \"failureMode\": \"denylist\", \"rate\": 0.5, \"denylist\": [\"dynamodb.*.amazonaws.com\"]}", token);

            await sandbox.WaitUntilAsync(r => r[PipelineIndicators.InError].Value > 5, SandboxFixture.Window * 3, token);

            // The errors are the denylist's: failure-lambda's own lines in the function's log group say what it blocked.
            var lines = await FunctionLog.MessagesAsync(sandbox, "\"Intercepted network connection to\"", since, token);
            lines.ShouldContain(l => l.EndsWith("Intercepted network connection to dynamodb.us-east-1.amazonaws.com", StringComparison.Ordinal));
        }
        finally
        {
            await sandbox.SetFailureConfigAsync("{\"isEnabled\": false}", CancellationToken.None);
        }
    }
}
