using System.Globalization;
using System.Text.Json;
using Chaos.Aws.MetricMath;
using Chaos.Engine.SteadyState;
using Chaos.Sandbox.Tests.Infrastructure;
using Shouldly;

namespace Chaos.Sandbox.Tests.Pipeline;

/// <summary>The workshop's own tool, the AWS CLI, sees the sandbox as it would see AWS — metric math and logs included.</summary>
[Collection(FireAndForgetSandbox.Collection)]
public sealed class AwsCliTests(FireAndForgetSandbox sandbox)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_CLI_reads_the_failure_parameter_the_queues_and_the_service_metrics()
    {
        var parameter = await AwsCli.RunAsync(sandbox, Token, "ssm", "get-parameter", "--name", sandbox.Settings.FailureParameterName, "--query", "Parameter.Value", "--output", "text");
        var queues = await AwsCli.RunAsync(sandbox, Token, "sqs", "list-queues", "--output", "json");
        var end = DateTimeOffset.UtcNow;
        var metrics = await AwsCli.RunAsync(
            sandbox, Token, "cloudwatch", "get-metric-statistics", "--namespace", "AWS/Lambda", "--metric-name", "Invocations",
            "--dimensions", $"Name=FunctionName,Value={sandbox.Settings.FunctionName}", "--statistics", "Sum", "--period", "60",
            "--start-time", Iso(end.AddMinutes(-2)), "--end-time", Iso(end), "--output", "json");

        JsonDocument.Parse(parameter.Trim()).RootElement.GetProperty("isEnabled").ValueKind.ShouldBe(JsonValueKind.False);
        queues.ShouldContain(sandbox.Settings.JsonQueueName);
        queues.ShouldContain(sandbox.Settings.ErrorQueueName);
        queues.ShouldContain(sandbox.Settings.CsvQueueName);
        var sum = JsonDocument.Parse(metrics).RootElement.GetProperty("Datapoints").EnumerateArray().Sum(p => p.GetProperty("Sum").GetDouble());
        sum.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_workshops_query_files_through_the_CLI_give_the_harnesss_percentages_for_the_same_window()
    {
        // Given: a steady pipeline (another test of this class may have left every invocation timing out: a window with no
        // write has no ddbWriteCount point, and CloudWatch's math then has no value either) and the harness's reading of
        // its newest complete window.
        await sandbox.ResetAsync(Token);
        var harness = await sandbox.EvaluateAsync(Token);
        var start = harness.At - SandboxFixture.Window;

        // When: the workshop's probes, as lab 3 runs them (the files' names filled in as its Terraform would have written them).
        var flight = await CliPercentAsync("steadyStateFlight.json", start, harness.At);
        var error = await CliPercentAsync("steadyStateError.json", start, harness.At);

        // Then: CloudWatch's metric math (the sandbox's front) and the harness's agree.
        flight.ShouldBe(harness[PipelineIndicators.InFlight].Value!.Value, 0.5, harness.ToString());
        error.ShouldBe(harness[PipelineIndicators.InError].Value!.Value, 0.5, harness.ToString());
    }

    [Fact]
    public async Task The_CLI_changes_the_function_timeout_live_and_the_host_applies_it_as_its_logs_show()
    {
        var since = DateTimeOffset.UtcNow;
        try
        {
            // Given: every invocation delayed 3.5 s by failure-lambda, and the timeout raised to 120 s with the CLI.
            await sandbox.SetLambdaTimeoutAsync(SandboxFixture.FixedTimeoutSeconds, Token);
            await sandbox.SetFailureConfigAsync("{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": 1, \"minLatency\": 3500, \"maxLatency\": 3500}", Token);

            // Then: failure-lambda says it injects, and invocations run past 3 s without timing out.
            await FunctionLog.WaitForAsync(sandbox, "\"Injecting 3500 ms latency.\"", _ => true, since, TimeSpan.FromSeconds(30), Token);
            var report = await FunctionLog.WaitForAsync(sandbox, "REPORT", l => Duration(l) >= 3500 && !l.Contains("Status: timeout", StringComparison.Ordinal), since, TimeSpan.FromSeconds(30), Token);

            // When: the timeout goes back to the workshop's 3 s.
            var lowered = DateTimeOffset.UtcNow;
            await sandbox.SetLambdaTimeoutAsync(SandboxFixture.WorkshopTimeoutSeconds, Token);

            // Then: the same invocations now time out.
            var timedOut = await FunctionLog.WaitForAsync(sandbox, "\"Task timed out after\"", _ => true, lowered.AddSeconds(1), TimeSpan.FromSeconds(30), Token);
            report.ShouldStartWith("REPORT RequestId: ");
            timedOut.ShouldEndWith("Task timed out after 3.00 seconds");
        }
        finally
        {
            await sandbox.SetFailureConfigAsync("{\"isEnabled\": false}", CancellationToken.None);
            await sandbox.SetLambdaTimeoutAsync(sandbox.StandardTimeoutSeconds, CancellationToken.None);
        }
    }

    private static double Duration(string report)
    {
        var text = report[(report.IndexOf("Duration: ", StringComparison.Ordinal) + "Duration: ".Length)..];
        return double.Parse(text[..text.IndexOf(" ms", StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    private async Task<double> CliPercentAsync(string file, DateTimeOffset start, DateTimeOffset end)
    {
        var template = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "experiments", file), Token);
        var filled = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{file}");
        await File.WriteAllTextAsync(filled, MetricDataQueryFile.Fill(template, sandbox.Settings.Placeholders()), Token);
        var answer = await AwsCli.RunAsync(
            sandbox, Token, "cloudwatch", "get-metric-data", "--metric-data-queries", $"file://{filled}",
            "--start-time", Iso(start), "--end-time", Iso(end), "--query", "MetricDataResults[0]");
        File.Delete(filled);
        var values = JsonDocument.Parse(answer).RootElement.GetProperty("Values");
        values.GetArrayLength().ShouldBe(1, $"{file} over {Iso(start)}..{Iso(end)}: one 300 s bucket expected, the CLI printed {answer}");
        return values[0].GetDouble();
    }
}
