using System.Text.Json;
using Chaos.Sandbox.Tests.Infrastructure;
using Shouldly;

namespace Chaos.Sandbox.Tests.Pipeline;

/// <summary>The workshop's own tool, the AWS CLI, sees the sandbox as it would see AWS.</summary>
[Collection(FireAndForgetSandbox.Collection)]
public sealed class AwsCliTests(FireAndForgetSandbox sandbox)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_CLI_reads_the_failure_parameter_the_queues_and_the_service_metrics()
    {
        var parameter = await AwsCli.RunAsync(sandbox, Token, "ssm", "get-parameter", "--name", sandbox.Settings.FailureParameterName, "--query", "Parameter.Value", "--output", "text");
        var queues = await AwsCli.RunAsync(sandbox, Token, "sqs", "list-queues", "--output", "json");
        var end = DateTime.UtcNow;
        var metrics = await AwsCli.RunAsync(
            sandbox, Token, "cloudwatch", "get-metric-statistics", "--namespace", "AWS/Lambda", "--metric-name", "Invocations",
            "--dimensions", $"Name=FunctionName,Value={sandbox.Settings.FunctionName}", "--statistics", "Sum", "--period", "60",
            "--start-time", end.AddMinutes(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            "--end-time", end.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), "--output", "json");

        JsonDocument.Parse(parameter.Trim()).RootElement.GetProperty("isEnabled").ValueKind.ShouldBe(JsonValueKind.False);
        queues.ShouldContain(sandbox.Settings.JsonQueueName);
        queues.ShouldContain(sandbox.Settings.ErrorQueueName);
        queues.ShouldContain(sandbox.Settings.CsvQueueName);
        var sum = JsonDocument.Parse(metrics).RootElement.GetProperty("Datapoints").EnumerateArray().Sum(p => p.GetProperty("Sum").GetDouble());
        sum.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_CLI_changes_the_function_timeout_live_and_the_host_reads_it()
    {
        try
        {
            var answer = await AwsCli.RunAsync(sandbox, Token, "lambda", "update-function-configuration", "--function-name", sandbox.Settings.FunctionName, "--timeout", "120", "--query", "Timeout", "--output", "text");
            var read = await AwsCli.RunAsync(sandbox, Token, "lambda", "get-function-configuration", "--function-name", sandbox.Settings.FunctionName, "--query", "Timeout", "--output", "text");

            answer.Trim().ShouldBe("120");
            read.Trim().ShouldBe("120");
        }
        finally
        {
            await sandbox.SetLambdaTimeoutAsync(3, CancellationToken.None);
        }
    }
}
