using Chaos.Aws.Lambda;
using Chaos.Aws.Logs;
using Chaos.Aws.Logs.Model;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Preflight;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.Preflight;

/// <summary>Which failure-lambda a function wraps: from its configuration, else from its log group (moto's CloudWatch Logs).</summary>
public sealed class FailureLambdaDetectorTests(MotoFixture moto)
{
    private readonly string function = $"fn-{Guid.NewGuid():N}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private LambdaFunctionConfiguration Function(Dictionary<string, string>? environment = null, params string[] layers) =>
        new(function, $"arn:aws:lambda:us-east-1:123456789012:function:{function}", 3, environment ?? new() { ["FAILURE_INJECTION_PARAM"] = "p" }) { Layers = layers };

    private AmazonCloudWatchLogsClient Logs() =>
        new(new AmazonCloudWatchLogsConfig { ServiceURL = moto.Endpoint.ToString(), Region = MotoFixture.Region }, MotoFixture.Credentials);

    private async Task<FailureLambdaVersion> DetectAsync(LambdaFunctionConfiguration configuration)
    {
        using var logs = Logs();
        return await new FailureLambdaDetector(logs, Stacks.On(moto, "p", function: function), TimeProvider.System).DetectAsync(configuration, Token);
    }

    private async Task LogAsync(params string[] lines)
    {
        using var logs = Logs();
        var group = $"/aws/lambda/{function}";
        await logs.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = group }, Token);
        await logs.CreateLogStreamAsync(new CreateLogStreamRequest { LogGroupName = group, LogStreamName = "s" }, Token);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await logs.PutLogEventsAsync(new PutLogEventsRequest { LogGroupName = group, LogStreamName = "s", LogEvents = [.. lines.Select((l, i) => new InputLogEvent(now - 1000 + i, l))] }, Token);
    }

    [Fact]
    public async Task Given_the_1x_layer_it_is_1x_decisively_with_the_functions_cache_ttl()
    {
        var version = await DetectAsync(Function(new() { ["FAILURE_INJECTION_PARAM"] = "p", ["FAILURE_CACHE_TTL"] = "15" }, "arn:aws:lambda:us-east-1:123456789012:layer:failure-lambda:1"));

        version.Schema.ShouldBe(FailureLambdaSchema.V1);
        version.Decisive.ShouldBeTrue();
        version.CacheTtl.ShouldBe(TimeSpan.FromSeconds(15));
        version.How.ShouldBe("the function has the failure-lambda layer arn:aws:lambda:us-east-1:123456789012:layer:failure-lambda:1");
    }

    [Fact]
    public async Task Given_an_unparsable_cache_ttl_it_is_1x_with_the_default_60_s_as_the_layer_falls_back()
    {
        var version = await DetectAsync(Function(new() { ["FAILURE_INJECTION_PARAM"] = "p", ["FAILURE_CACHE_TTL"] = "soon" }));

        version.Schema.ShouldBe(FailureLambdaSchema.V1);
        version.CacheTtl.ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Given_1x_json_lines_in_the_log_group_it_is_1x_inferred()
    {
        await LogAsync("START RequestId: 1 Version: $LATEST", "{\"timestamp\":\"2026-11-25T10:00:00.000000Z\",\"level\":\"INFO\",\"fields\":{\"source\":\"failure-lambda\",\"action\":\"config\",\"enabled_flags\":\"[]\"}}");

        var version = await DetectAsync(Function());

        version.Schema.ShouldBe(FailureLambdaSchema.V1);
        version.Decisive.ShouldBeFalse();
        version.How.ShouldContain("has 1.x's JSON lines");
    }

    [Fact]
    public async Task Given_0x_injecting_lines_only_it_is_0x_inferred_with_no_cache()
    {
        await LogAsync("2026-11-25T10:00:00.000Z\tabc\tINFO\tInjecting 3120 ms latency.");

        var version = await DetectAsync(Function());

        version.Schema.ShouldBe(FailureLambdaSchema.V0);
        version.CacheTtl.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task Given_invocations_and_no_failure_lambda_line_it_is_undetermined_with_the_hint_that_it_ran()
    {
        await LogAsync("START RequestId: 1 Version: $LATEST", "END RequestId: 1");

        var version = await DetectAsync(Function());

        version.Schema.ShouldBeNull();
        version.RanWithoutV1Lines.ShouldBeTrue();
        version.How.ShouldContain("has invocations but no failure-lambda line in the last 24 h");
    }

    [Fact]
    public async Task Given_no_log_group_at_all_it_is_undetermined_without_the_hint()
    {
        var version = await DetectAsync(Function());

        version.Schema.ShouldBeNull();
        version.RanWithoutV1Lines.ShouldBeFalse();
        version.How.ShouldEndWith($"/aws/lambda/{function} does not exist (the function has not run)");
    }
}
