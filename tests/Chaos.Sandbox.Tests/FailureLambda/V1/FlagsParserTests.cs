using System.Text.Json;
using Chaos.Sandbox.FailureLambda.V1;
using Shouldly;

namespace Chaos.Sandbox.Tests.FailureLambda.V1;

/// <summary>
/// failure-lambda 1.0.0's layer reading its parameter (layer/proxy/src/config.rs parse_flags, validate_flag_value):
/// what survives, and the warnings for what it skips, word for word.
/// </summary>
public sealed class FlagsParserTests
{
    private static (FlagsConfig Config, List<string> Lines) Parse(string json)
    {
        var lines = new List<LayerLogLine>();
        using var document = JsonDocument.Parse(json);
        var config = FlagsParser.Parse(document.RootElement, lines.Add);
        return (config, [.. lines.Select(l => $"{l.Level} {string.Join(' ', l.Fields.Skip(1).Select(f => $"{f.Key}={f.Value}"))}")]);
    }

    [Fact]
    public void A_valid_config_keeps_every_flag_and_logs_nothing()
    {
        var (config, lines) = Parse("{\"latency\": {\"enabled\": true, \"percentage\": 50, \"min_latency\": 100, \"max_latency\": 400}, \"denylist\": {\"enabled\": false, \"deny_list\": [\"s3.*.amazonaws.com\"]}}");

        config.Flags.Keys.Order().ShouldBe(["denylist", "latency"]);
        config.Flags["latency"].ShouldBe(new FlagValue { Enabled = true, Percentage = 50, MinLatency = 100, MaxLatency = 400 });
        config.EnabledModes.ShouldBe(["latency"]);
        lines.ShouldBeEmpty();
    }

    [Fact]
    public void An_invalid_flag_is_skipped_with_a_warning_per_error_and_the_others_kept()
    {
        var (config, lines) = Parse("{\"latency\": {\"enabled\": true, \"min_latency\": 500, \"max_latency\": 100, \"percentage\": 101}, \"exception\": {\"enabled\": true}}");

        config.Flags.Keys.ShouldBe(["exception"]);
        lines.ShouldBe(
        [
            "WARN action=config field=latency.percentage message=must be an integer between 0 and 100",
            "WARN action=config field=latency.max_latency message=max_latency must be >= min_latency",
            "WARN action=config mode=latency message=skipping flag due to validation errors",
        ]);
    }

    [Theory]
    [InlineData("{\"latency\": {\"enabled\": true, \"percentage\": 50.5}}", "failed to parse flag: invalid type: floating point `50.5`, expected u32")]
    [InlineData("{\"latency\": {\"enabled\": \"true\"}}", "failed to parse flag: invalid type: string \"true\", expected a boolean")]
    [InlineData("{\"latency\": {\"enabled\": true, \"percentage\": -1}}", "failed to parse flag: invalid value: integer `-1`, expected u32")]
    [InlineData("{\"statuscode\": {\"enabled\": true, \"status_code\": 70000}}", "failed to parse flag: invalid value: integer `70000`, expected u16")]
    [InlineData("{\"latency\": {\"enabled\": true, \"match\": [{\"path\": \"Records\", \"operator\": \"contains\", \"value\": \"x\"}]}}", "failed to parse flag: unknown variant `contains`, expected one of `eq`, `exists`, `startsWith`, `regex`")]
    [InlineData("{\"latency\": {\"enabled\": true, \"match\": [{\"value\": \"x\"}]}}", "failed to parse flag: missing field `path`")]
    public void A_flag_that_does_not_deserialize_is_skipped_with_serdes_words(string json, string message)
    {
        var (config, lines) = Parse(json);

        config.Flags.ShouldBeEmpty();
        lines.ShouldHaveSingleItem().ShouldEndWith($"message={message}");
    }

    [Theory]
    [InlineData("{\"latency\": {}}", "latency.enabled", "must be a boolean")]
    [InlineData("{\"statuscode\": {\"enabled\": true, \"status_code\": 99}}", "statuscode.status_code", "must be an HTTP status code (100-599)")]
    [InlineData("{\"diskspace\": {\"enabled\": true, \"disk_space\": 10241}}", "diskspace.disk_space", "must be between 1 and 10240 (MB)")]
    [InlineData("{\"denylist\": {\"enabled\": true, \"deny_list\": [\"s3\", \"dynamodb(?=.us)\"]}}", "denylist.deny_list[1]", "invalid regular expression")]
    [InlineData("{\"timeout\": {\"enabled\": true, \"timeout_buffer_ms\": -5}}", "timeout.timeout_buffer_ms", "must be a non-negative number")]
    [InlineData("{\"latency\": {\"enabled\": true, \"match\": [{\"path\": \"Records\"}]}}", "latency.match[0].value", "must be a string (required for all operators except 'exists')")]
    [InlineData("{\"latency\": {\"enabled\": true, \"match\": [{\"path\": \"\", \"operator\": \"exists\"}]}}", "latency.match[0].path", "must be a non-empty string")]
    public void A_flag_that_fails_validation_is_skipped_naming_the_field(string json, string field, string message)
    {
        var (config, lines) = Parse(json);

        config.Flags.ShouldBeEmpty();
        lines[0].ShouldBe($"WARN action=config field={field} message={message}");
        lines[^1].ShouldEndWith("message=skipping flag due to validation errors");
    }

    [Fact]
    public void A_0x_parameter_earns_one_warning_and_injects_nothing()
    {
        var (config, lines) = Parse("{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": 1, \"minLatency\": 3000, \"maxLatency\": 5000}");

        config.Resolve().ShouldBeEmpty();
        lines.ShouldBe(["WARN action=config message=detected 0.x configuration format — this version requires the v1.0 feature-flag format"]);
    }

    [Fact]
    public void A_0x_denylist_is_also_skipped_as_a_flag_that_is_not_an_object()
    {
        var (config, lines) = Parse("{\"isEnabled\": true, \"failureMode\": \"denylist\", \"rate\": 1, \"denylist\": [\"dynamodb.*.amazonaws.com\"]}");

        config.Flags.ShouldBeEmpty();
        lines.ShouldBe(
        [
            "WARN action=config message=detected 0.x configuration format — this version requires the v1.0 feature-flag format",
            "WARN action=config mode=denylist message=must be an object, skipping",
        ]);
    }

    [Fact]
    public void A_parameter_for_both_versions_applies_its_1x_flag_with_the_0x_warning()
    {
        var (config, lines) = Parse("{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": 0.5, \"minLatency\": 3000, \"maxLatency\": 5000, \"latency\": {\"enabled\": true, \"percentage\": 50, \"min_latency\": 3000, \"max_latency\": 5000}}");

        config.Resolve().ShouldHaveSingleItem().ShouldBe(new ResolvedFailure("latency", 50, config.Flags["latency"]));
        lines.ShouldHaveSingleItem().ShouldContain("detected 0.x configuration format");
    }

    [Fact]
    public void Keys_that_are_not_modes_are_ignored_without_a_word_and_flags_are_read_in_sorted_key_order()
    {
        var (config, lines) = Parse("{\"latancy\": {\"enabled\": true}, \"timeout\": {\"enabled\": 1}, \"corruption\": {\"enabled\": 1}}");

        config.Flags.ShouldBeEmpty();
        lines.Where(l => l.Contains("mode=", StringComparison.Ordinal)).ShouldBe(
        [
            "WARN action=config mode=corruption message=failed to parse flag: invalid type: integer `1`, expected a boolean",
            "WARN action=config mode=timeout message=failed to parse flag: invalid type: integer `1`, expected a boolean",
        ]);
    }

    [Fact]
    public void A_value_that_is_not_an_object_is_no_config()
    {
        var (config, lines) = Parse("[1]");

        config.ShouldBe(FlagsConfig.Empty);
        lines.ShouldBe(["WARN action=config message=config is not a JSON object"]);
    }

    [Fact]
    public void Resolution_follows_the_fixed_mode_order_and_defaults_the_percentage_to_100()
    {
        var (config, _) = Parse("{\"corruption\": {\"enabled\": true}, \"exception\": {\"enabled\": true, \"percentage\": 5}, \"latency\": {\"enabled\": true}, \"timeout\": {\"enabled\": false}}");

        config.Resolve().Select(f => (f.Mode, f.Percentage)).ShouldBe([("latency", 100u), ("exception", 5u), ("corruption", 100u)]);
    }
}
