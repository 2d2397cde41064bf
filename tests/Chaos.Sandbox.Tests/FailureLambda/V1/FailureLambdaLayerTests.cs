using System.Text.Json;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Sandbox.FailureLambda.V1;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Chaos.Sandbox.Tests.FailureLambda.V1;

/// <summary>
/// The layer's proxy per execution environment (layer/proxy/src/config.rs get_config, proxy.rs): the config cache and its
/// TTL on a fake clock, the kill switch, the 0.x warning per fetch, a failed fetch, and the lines it logs.
/// </summary>
public sealed class FailureLambdaLayerTests
{
    private const string Latency = "{\"latency\": {\"enabled\": true, \"min_latency\": 100, \"max_latency\": 100}}";
    private const string Off = "{\"latency\": {\"enabled\": false}}";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 2, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly ConfigCache cache = new();
    private readonly List<LayerLogLine> lines = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private FailureLambdaLayer Layer(double scale = 1) => new(() => 0.0, new TimeScale(scale), time);

    private LayerContext Context(FakeParameterStore parameter, params (string Name, string Value)[] variables) =>
        new(new Dictionary<string, string>(variables.Select(v => KeyValuePair.Create(v.Name, v.Value))) { ["FAILURE_INJECTION_PARAM"] = "failureLambdaConfig" }, cache, parameter.GetAsync, lines.Add);

    private static async Task<LayerPlan> NextAsync(FailureLambdaLayer layer, LayerContext context)
    {
        using var @event = JsonDocument.Parse("{\"Records\": []}");
        return await layer.NextAsync(context, @event.RootElement, Token);
    }

    [Fact]
    public async Task The_config_is_read_once_per_TTL_so_a_change_reaches_a_warm_environment_only_when_it_expires()
    {
        var parameter = new FakeParameterStore(Latency);
        var layer = Layer();
        var context = Context(parameter);

        (await NextAsync(layer, context)).PreHandler.ShouldHaveSingleItem();
        parameter.Value = Off;
        time.Advance(TimeSpan.FromSeconds(59.9));
        (await NextAsync(layer, context)).PreHandler.ShouldHaveSingleItem("the cached config still injects");
        parameter.Reads.ShouldBe(1);

        time.Advance(TimeSpan.FromSeconds(0.1));
        (await NextAsync(layer, context)).ShouldBe(LayerPlan.None);
        parameter.Reads.ShouldBe(2, "60 s, the default TTL (config.rs DEFAULT_CACHE_TTL_SECONDS), have passed");
    }

    [Fact]
    public async Task The_TTL_is_AWS_time_scaled_like_every_other_duration()
    {
        var parameter = new FakeParameterStore(Latency);
        var layer = Layer(scale: 5);
        var context = Context(parameter, ("FAILURE_CACHE_TTL", "30"));

        await NextAsync(layer, context);
        time.Advance(TimeSpan.FromSeconds(5.9));
        await NextAsync(layer, context);
        parameter.Reads.ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await NextAsync(layer, context);
        parameter.Reads.ShouldBe(2, "30 AWS seconds are 6 s at a time scale of 5");
    }

    [Fact]
    public async Task A_TTL_of_zero_reads_the_parameter_on_every_invocation()
    {
        var parameter = new FakeParameterStore(Latency);
        var layer = Layer();
        var context = Context(parameter, ("FAILURE_CACHE_TTL", "0"));

        await NextAsync(layer, context);
        await NextAsync(layer, context);

        parameter.Reads.ShouldBe(2);
        lines.Count(l => (string?)l["action"] == "config").ShouldBe(2, "one config line per fetch");
    }

    [Fact]
    public async Task An_invalid_TTL_warns_on_every_request_and_the_default_applies()
    {
        var parameter = new FakeParameterStore(Latency);
        var layer = Layer();
        var context = Context(parameter, ("FAILURE_CACHE_TTL", "1m"));

        await NextAsync(layer, context);
        await NextAsync(layer, context);

        parameter.Reads.ShouldBe(1);
        lines.Where(l => l.Level == "WARN").Select(l => l["message"]).ShouldBe(["invalid FAILURE_CACHE_TTL=\"1m\", using default 60s", "invalid FAILURE_CACHE_TTL=\"1m\", using default 60s"]);
    }

    [Fact]
    public async Task The_kill_switch_skips_the_config_and_every_flag()
    {
        var parameter = new FakeParameterStore(Latency);
        var layer = Layer();

        (await NextAsync(layer, Context(parameter, ("FAILURE_LAMBDA_DISABLED", "true")))).ShouldBe(LayerPlan.None);
        parameter.Reads.ShouldBe(0);

        (await NextAsync(layer, Context(parameter, ("FAILURE_LAMBDA_DISABLED", "TRUE")))).PreHandler.ShouldHaveSingleItem("only the exact string true disables");
    }

    [Fact]
    public async Task A_0x_parameter_is_warned_about_once_per_fetch_and_injects_nothing()
    {
        var parameter = new FakeParameterStore("{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": 1, \"minLatency\": 3000, \"maxLatency\": 5000}");
        var layer = Layer();
        var context = Context(parameter);

        for (var i = 0; i < 3; i++)
        {
            (await NextAsync(layer, context)).ShouldBe(LayerPlan.None);
            time.Advance(TimeSpan.FromSeconds(30));
        }

        lines.Count(l => l["message"] is string m && m.StartsWith("detected 0.x configuration format", StringComparison.Ordinal)).ShouldBe(2, "fetched at 0 s and 60 s; the 30 s invocation used the cache");
        lines.Where(l => (string?)l["action"] == "config" && l.Level == "INFO").Select(l => l["enabled_flags"]).ShouldBe(["[]", "[]"]);
    }

    [Fact]
    public async Task A_failed_fetch_is_logged_and_falls_back_on_the_last_config_however_old()
    {
        var parameter = new FakeParameterStore(Latency);
        var layer = Layer();
        var context = Context(parameter);
        await NextAsync(layer, context);
        time.Advance(TimeSpan.FromMinutes(5));
        parameter.Failure = new ParameterNotFoundException("Parameter failureLambdaConfig not found.");

        (await NextAsync(layer, context)).PreHandler.ShouldHaveSingleItem();
        await NextAsync(layer, context);

        parameter.Reads.ShouldBe(3, "a failed fetch caches nothing, so the next invocation fetches again");
        lines.Where(l => l.Level != "INFO").Select(l => $"{l.Level} {l["message"]} {l["error"]}").ShouldBe(
        [
            "ERROR error fetching config SSM GetParameter failed: service error",
            "WARN fetch failed; using last known config ",
            "ERROR error fetching config SSM GetParameter failed: service error",
            "WARN fetch failed; using last known config ",
        ]);
    }

    [Fact]
    public async Task A_failed_fetch_with_nothing_cached_injects_nothing()
    {
        var parameter = new FakeParameterStore("garbage");
        var layer = Layer();

        (await NextAsync(layer, Context(parameter))).ShouldBe(LayerPlan.None);

        lines.ShouldHaveSingleItem()["error"].ShouldBe("SSM parameter is not valid JSON: expected value at line 1 column 1");
    }

    [Fact]
    public async Task The_proxy_starts_with_the_runtime_and_warms_the_cache()
    {
        var parameter = new FakeParameterStore(Latency);
        var layer = Layer();
        var context = Context(parameter);

        await layer.StartAsync(context, Token);
        await NextAsync(layer, context);

        parameter.Reads.ShouldBe(1, "the first invocation finds the config the start fetched");
        lines.Select(l => l.Render(time.GetUtcNow())).ShouldBe(
        [
            "{\"timestamp\":\"2026-02-23T12:00:00.000000Z\",\"level\":\"INFO\",\"fields\":{\"source\":\"failure-lambda\",\"action\":\"startup\",\"message\":\"failure-lambda proxy starting\"}}",
            "{\"timestamp\":\"2026-02-23T12:00:00.000000Z\",\"level\":\"INFO\",\"fields\":{\"source\":\"failure-lambda\",\"action\":\"startup\",\"original_runtime_api\":\"127.0.0.1:9001\",\"proxy_port\":9009}}",
            "{\"timestamp\":\"2026-02-23T12:00:00.000000Z\",\"level\":\"INFO\",\"fields\":{\"source\":\"failure-lambda\",\"action\":\"config\",\"config_source\":\"ssm\",\"cache_ttl_seconds\":60.0,\"enabled_flags\":\"[\\\"latency\\\"]\"}}",
            "{\"timestamp\":\"2026-02-23T12:00:00.000000Z\",\"level\":\"INFO\",\"fields\":{\"source\":\"failure-lambda\",\"action\":\"proxy\",\"message\":\"proxy listening on 127.0.0.1:9009\"}}",
        ]);
    }

    [Fact]
    public async Task A_restarted_runtime_starts_a_proxy_without_a_cache()
    {
        var parameter = new FakeParameterStore(Latency);
        var layer = Layer();
        var context = Context(parameter);
        await NextAsync(layer, context);

        cache.Clear();
        await NextAsync(layer, context);

        parameter.Reads.ShouldBe(2);
    }

    [Fact]
    public async Task AppConfig_is_not_cached_by_default_and_unreachable_in_the_sandbox()
    {
        var parameter = new FakeParameterStore(Latency);
        var layer = Layer();
        var context = Context(parameter, ("FAILURE_APPCONFIG_CONFIGURATION", "c"), ("FAILURE_APPCONFIG_APPLICATION", "a"), ("FAILURE_APPCONFIG_ENVIRONMENT", "e"));

        (await NextAsync(layer, context)).ShouldBe(LayerPlan.None);

        parameter.Reads.ShouldBe(0);
        lines.ShouldHaveSingleItem()["error"].ShouldBe("AppConfig fetch failed: error sending request for url (http://localhost:2772/applications/a/environments/e/configurations/c)");
    }

    [Fact]
    public void Lines_escape_as_serde_json_does_and_write_floats_with_a_decimal_point()
    {
        var line = LayerLogLine.Warn(("message", "a \"quoted\"\tline — kept"), ("min_latency", 3000.0), ("max_latency", 0.5), ("n", 7UL));

        line.Render(new DateTimeOffset(2026, 2, 23, 12, 0, 0, 123, TimeSpan.Zero).AddTicks(4560)).ShouldBe(
            "{\"timestamp\":\"2026-02-23T12:00:00.123456Z\",\"level\":\"WARN\",\"fields\":{\"source\":\"failure-lambda\",\"message\":\"a \\\"quoted\\\"\\tline — kept\",\"min_latency\":3000.0,\"max_latency\":0.5,\"n\":7}}");
    }
}
