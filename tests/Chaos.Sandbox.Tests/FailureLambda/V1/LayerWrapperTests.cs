using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS.Model;
using Chaos.Aws.Endpoints;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.FailureLambda;
using Chaos.Sandbox.FailureLambda.V1;
using Chaos.Sandbox.FunctionHost;
using Chaos.Sandbox.FunctionLogs;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Chaos.Sandbox.Tests.FailureLambda.V1;

/// <summary>
/// What the layer does to an invocation in a real execution environment (its /tmp, its denylist, its log stream):
/// statuscode and exception without the handler, /tmp filled and emptied before the next invocation, DNS lookups failed
/// for one invocation only, a timeout's sleep up to the deadline less its buffer, the kill switch.
/// </summary>
public sealed class LayerWrapperTests : IDisposable
{
    private const string DynamoDbHost = "dynamodb.us-east-1.amazonaws.com";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 2, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly ExecutionEnvironment environment;
    private readonly FakeParameterStore parameter = new(null);
    private readonly LayerWrapper wrapper;
    private int handled;

    public LayerWrapperTests()
    {
        var nowhere = new AwsEndpointResolver(name => name == AwsEndpointResolver.EndpointUrl ? "http://127.0.0.1:9" : null);
        environment = new ExecutionEnvironment(1, new AwsClientFactory(nowhere, "us-east-1", new BasicAWSCredentials("x", "x")), new EnvironmentLog("stream", time), time.GetUtcNow().UtcDateTime);
        wrapper = new LayerWrapper(new FailureLambdaLayer(() => 0.0, TimeScale.None, time), TimeScale.None, time);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => environment.Dispose();

    private Task RunAsync(string config, Func<CancellationToken, Task>? handler = null, params (string Name, string Value)[] variables)
    {
        parameter.Value = config;
        var all = new Dictionary<string, string> { ["FAILURE_INJECTION_PARAM"] = "failureLambdaConfig", ["FAILURE_CACHE_TTL"] = "0" };
        foreach (var (name, value) in variables)
        {
            all[name] = value;
        }

        var context = new LayerContext(all, environment.FailureLambdaCache, parameter.GetAsync, line => environment.Log.Raw(line.Render(time.GetUtcNow())));
        var @event = SqsEvent.Render(new Message { MessageId = "m", ReceiptHandle = "r", Body = "{}" }, "arn:aws:sqs:us-east-1:123456789012:q", "us-east-1");
        return wrapper.RunAsync(context, environment, @event, time.GetUtcNow() + TimeSpan.FromSeconds(3), handler ?? (_ => { handled++; return Task.CompletedTask; }), Token);
    }

    // The fields of the proxy's lines in this environment's stream.
    private List<JsonElement> ProxyLines() =>
        [.. environment.Log.Take().Select(e => JsonDocument.Parse(e.Message).RootElement.GetProperty("fields").Clone())];

    [Fact]
    public async Task Statuscode_answers_without_the_handler()
    {
        await RunAsync("{\"statuscode\": {\"enabled\": true, \"status_code\": 503}}");

        handled.ShouldBe(0);
        ProxyLines().Where(l => l.TryGetProperty("mode", out _)).ShouldHaveSingleItem().GetProperty("status_code").GetInt32().ShouldBe(503);
    }

    [Fact]
    public async Task Exception_fails_the_invocation_without_the_handler_and_lifts_a_denylist_set_before_it()
    {
        var error = await Should.ThrowAsync<ProxyPostedErrorException>(() => RunAsync("{\"denylist\": {\"enabled\": true, \"deny_list\": [\"dynamodb\"]}, \"exception\": {\"enabled\": true}}"));

        error.Message.ShouldBe("Injected exception");
        handled.ShouldBe(0);
        environment.Denylist.IsActive.ShouldBeFalse();
    }

    [Fact]
    public async Task Diskspace_fills_tmp_and_the_next_invocation_empties_it_first()
    {
        await RunAsync("{\"diskspace\": {\"enabled\": true, \"disk_space\": 100}}");
        environment.TmpUsedBytes.ShouldBe(100L * 1024 * 1024, "1.x's MB is 1024 x 1024 bytes");
        handled.ShouldBe(1);

        await RunAsync("{\"diskspace\": {\"enabled\": false}}");

        environment.TmpUsedBytes.ShouldBe(0);
        ProxyLines().Where(l => l.TryGetProperty("files_removed", out _)).ShouldHaveSingleItem().GetProperty("files_removed").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Diskspace_beyond_the_512_MB_of_tmp_fills_it_and_logs_the_write_error()
    {
        await RunAsync("{\"diskspace\": {\"enabled\": true, \"disk_space\": 600}}");

        environment.TmpUsedBytes.ShouldBe(ExecutionEnvironment.TmpCapacityBytes);
        ProxyLines().Last().GetProperty("message").GetString().ShouldBe("No space left on device (os error 28)");
    }

    [Fact]
    public async Task Denylist_fails_DNS_lookups_of_matching_hosts_during_the_invocation_only_and_logs_no_interception()
    {
        var intercepted = 0;
        environment.Denylist.Intercepted += _ => intercepted++;
        HttpRequestException? blocked = null;

        await RunAsync(
            "{\"denylist\": {\"enabled\": true, \"deny_list\": [\"dynamodb.*.amazonaws.com\"]}}",
            async token =>
            {
                using var client = new HttpClient(new DenylistHandler(environment.Denylist, DynamoDbHost));
                blocked = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri("http://127.0.0.1:9/"), token));
                environment.Denylist.Blocks("s3.us-east-1.amazonaws.com").ShouldBeFalse();
            });

        blocked!.Message.ShouldBe($"getaddrinfo ENOTFOUND {DynamoDbHost}");
        blocked.HttpRequestError.ShouldBe(HttpRequestError.NameResolutionError);
        intercepted.ShouldBe(0);
        environment.Denylist.IsActive.ShouldBeFalse("the proxy removes its denylist once the invocation has answered");
        ProxyLines().Where(l => l.TryGetProperty("pattern_count", out _)).ShouldHaveSingleItem().GetProperty("pattern_count").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Timeout_sleeps_until_the_deadline_less_its_buffer_then_runs_the_handler()
    {
        var run = RunAsync("{\"timeout\": {\"enabled\": true, \"timeout_buffer_ms\": 500}}");

        time.Advance(TimeSpan.FromMilliseconds(2499));
        await Task.Delay(50, Token);
        handled.ShouldBe(0);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await run.WaitAsync(TimeSpan.FromSeconds(10), Token);

        handled.ShouldBe(1);
        var line = ProxyLines().Where(l => l.TryGetProperty("sleep_ms", out _)).ShouldHaveSingleItem();
        (line.GetProperty("sleep_ms").GetInt32(), line.GetProperty("buffer_ms").GetInt32()).ShouldBe((2500, 500));
    }

    [Fact]
    public async Task Corruption_after_the_handler_logs_what_it_does_to_a_null_response()
    {
        await RunAsync("{\"corruption\": {\"enabled\": true, \"body\": \"{}\"}}");

        handled.ShouldBe(1);
        ProxyLines().Where(l => l.TryGetProperty("mode", out _)).Select(l => l.GetRawText()).ShouldBe(
        [
            "{\"source\":\"failure-lambda\",\"mode\":\"corruption\",\"action\":\"inject\",\"method\":\"replace\"}",
            "{\"source\":\"failure-lambda\",\"mode\":\"corruption\",\"message\":\"response has no body field; wrapping in {{ body }}\"}",
        ]);
    }

    [Fact]
    public async Task The_kill_switch_runs_the_handler_untouched()
    {
        await RunAsync("{\"exception\": {\"enabled\": true}}", null, ("FAILURE_LAMBDA_DISABLED", "true"));

        handled.ShouldBe(1);
        parameter.Reads.ShouldBe(0);
        ProxyLines().ShouldBeEmpty();
    }
}
