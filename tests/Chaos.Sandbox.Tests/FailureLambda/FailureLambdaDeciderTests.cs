using Chaos.Sandbox.FailureLambda;
using Shouldly;

namespace Chaos.Sandbox.Tests.FailureLambda;

/// <summary>failure-lambda 0.4.x's decision, with the random draw as a test double (the only double here).</summary>
public sealed class FailureLambdaDeciderTests
{
    private static Injection Decide(string json, params double[] draws)
    {
        var queue = new Queue<double>(draws);
        return new FailureLambdaDecider(() => queue.Dequeue()).Decide(FailureLambdaConfig.Parse(json));
    }

    [Fact]
    public void Given_enabled_and_a_draw_below_the_rate_latency_is_min_plus_draw_times_range_floored()
    {
        Decide("{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": 0.5, \"minLatency\": 3000, \"maxLatency\": 5000}", 0.49, 0.25)
            .ShouldBe(new LatencyInjection(TimeSpan.FromMilliseconds(3500)));
    }

    [Fact]
    public void Given_a_draw_at_or_above_the_rate_nothing_is_injected()
    {
        Decide("{\"isEnabled\": true, \"failureMode\": \"exception\", \"rate\": 0.5, \"exceptionMsg\": \"boom\"}", 0.5).ShouldBe(Injection.None);
        Decide("{\"isEnabled\": true, \"failureMode\": \"exception\", \"rate\": 0.5, \"exceptionMsg\": \"boom\"}", 0.1).ShouldBe(new ExceptionInjection("boom"));
    }

    [Theory]
    [InlineData("{\"isEnabled\": \"true\", \"failureMode\": \"exception\", \"rate\": 1}")]
    [InlineData("{\"isEnabled\": 1, \"failureMode\": \"exception\", \"rate\": 1}")]
    [InlineData("{\"isEnabled\": false, \"failureMode\": \"exception\", \"rate\": 1}")]
    [InlineData("{\"isEnabled\": true, \"failureMode\": \"exception\"}")]
    [InlineData("{\"isEnabled\": true, \"failureMode\": \"blacklist\", \"rate\": 1, \"blacklist\": [\"dynamodb\"]}")]
    [InlineData("{\"isEnabled\": true, \"failureMode\": \"denylist\", \"rate\": 1, \"denylist\": [\"(unclosed\"]}")]
    [InlineData("{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": 1}")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("")]
    public void Given_a_disabled_legacy_or_invalid_parameter_nothing_is_injected(string json)
    {
        Decide(json, 0.0, 0.0).ShouldBe(Injection.None);
    }

    [Fact]
    public void Given_a_numeric_string_rate_it_compares_as_JavaScript_would()
    {
        Decide("{\"isEnabled\": true, \"failureMode\": \"statuscode\", \"rate\": \"0.5\", \"statusCode\": 404}", 0.2).ShouldBe(new StatusCodeInjection(404));
    }

    [Fact]
    public void Given_the_denylist_mode_the_patterns_are_compiled_and_unanchored()
    {
        var injection = Decide("{\"isEnabled\": true, \"failureMode\": \"denylist\", \"rate\": 1, \"denylist\": [\"dynamodb.*.amazonaws.com\"]}", 0.9).ShouldBeOfType<DenylistInjection>();
        var state = new DenylistState();

        state.Block(injection.Patterns);

        state.Blocks("dynamodb.us-east-1.amazonaws.com").ShouldBeTrue();
        state.Blocks("s3.us-east-1.amazonaws.com").ShouldBeFalse();
    }

    [Fact]
    public void A_denylist_stays_in_force_until_the_parameter_is_disabled_or_the_mode_changes()
    {
        var state = new DenylistState();
        state.Block([new System.Text.RegularExpressions.Regex("dynamodb")]);

        state.Observe(FailureLambdaConfig.Parse("{\"isEnabled\": true, \"failureMode\": \"denylist\", \"rate\": 0, \"denylist\": [\"dynamodb\"]}"));
        state.IsActive.ShouldBeTrue("a later draw that injects nothing does not lift the block");

        state.Observe(FailureLambdaConfig.Parse("{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": 0.5}"));
        state.IsActive.ShouldBeFalse();

        state.Block([new System.Text.RegularExpressions.Regex("dynamodb")]);
        state.Observe(FailureLambdaConfig.Parse("{\"isEnabled\": false}"));
        state.IsActive.ShouldBeFalse();
    }
}
