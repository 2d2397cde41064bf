using Chaos.Engine.FailureLambda;
using Shouldly;

namespace Chaos.Engine.Tests.FailureLambda;

/// <summary>failure-lambda 1.x faults: the parameter they write and what they refuse (src/config.ts and layer/proxy/src/config.rs at v1.0.0).</summary>
public sealed class FailureFlagsFaultTests
{
    [Fact]
    public void A_latency_flag_writes_the_feature_flag_parameter()
    {
        var fault = FailureLambdaFault.FeatureFlags(FailureFlag.Latency(3000, 5000, percentage: 50));

        fault.ToParameterValue().ShouldBe("{\"latency\":{\"enabled\":true,\"percentage\":50,\"min_latency\":3000,\"max_latency\":5000}}");
        fault.Schema.ShouldBe(FailureLambdaSchema.V1);
        fault.Mode.ShouldBe("latency");
        fault.Rate.ShouldBe(0.5);
        fault.Problems().ShouldBeEmpty();
    }

    [Fact]
    public void Several_flags_are_written_in_the_order_1x_applies_them_with_their_match_conditions()
    {
        var fault = FailureLambdaFault.FeatureFlags(
            FailureFlag.Exception("boom", 10),
            FailureFlag.Corruption(null, 100) with { Enabled = false },
            FailureFlag.Denylist(["dynamodb.*.amazonaws.com"], 50) with { Match = [MatchCondition.Exists("Records"), MatchCondition.StartsWith("Records.0.eventSourceARN", "arn:aws:sqs:")] },
            FailureFlag.Timeout(500, 100));

        fault.ToParameterValue().ShouldBe(
            "{\"timeout\":{\"enabled\":true,\"percentage\":100,\"timeout_buffer_ms\":500}," +
            "\"denylist\":{\"enabled\":true,\"percentage\":50,\"deny_list\":[\"dynamodb.*.amazonaws.com\"],\"match\":[{\"path\":\"Records\",\"operator\":\"exists\"},{\"path\":\"Records.0.eventSourceARN\",\"operator\":\"startsWith\",\"value\":\"arn:aws:sqs:\"}]}," +
            "\"exception\":{\"enabled\":true,\"percentage\":10,\"exception_msg\":\"boom\"}," +
            "\"corruption\":{\"enabled\":false,\"percentage\":100}}");
        fault.Mode.ShouldBe("timeout+denylist+exception");
        fault.Rate.ShouldBe(1.0, "the timeout flag always fires");
    }

    [Fact]
    public void The_rate_of_several_flags_is_the_share_of_invocations_where_at_least_one_fires()
    {
        FailureLambdaFault.FeatureFlags(FailureFlag.Latency(1, 2, 50), FailureFlag.Denylist(["s3"], 50)).Rate.ShouldBe(0.75);
    }

    public static TheoryData<FailureFlag, string> InvalidFlags() => new()
    {
        { FailureFlag.Latency(1, 2, 101), "latency.percentage 101 is not an integer in 0..100" },
        { FailureFlag.Latency(1, 2, -1), "latency.percentage -1 is not an integer in 0..100" },
        { FailureFlag.Latency(5000, 3000, 50), "latency.min_latency 5000 is greater than max_latency 3000" },
        { FailureFlag.Latency(-1, 10, 50), "latency.min_latency -1 is negative" },
        { FailureFlag.Timeout(-1, 50), "timeout.timeout_buffer_ms -1 is negative" },
        { FailureFlag.DiskSpace(0, 50), "diskspace.disk_space 0 MB is not in 1..10240" },
        { FailureFlag.DiskSpace(10241, 50), "diskspace.disk_space 10241 MB is not in 1..10240" },
        { FailureFlag.StatusCode(99, 50), "statuscode.status_code 99 is not an HTTP status (100-599)" },
        { FailureFlag.StatusCode(600, 50), "statuscode.status_code 600 is not an HTTP status (100-599)" },
        { FailureFlag.Exception(" ", 50), "exception.exception_msg is empty" },
        { FailureFlag.Denylist([], 50), "denylist.deny_list is empty: it blocks nothing" },
        { FailureFlag.Denylist(["dynamodb(.*"], 50), "denylist.deny_list[0] 'dynamodb(.*' does not compile" },
        { FailureFlag.Denylist(["(a+)+.amazonaws.com"], 50), "is refused by the npm package as potentially unsafe" },
        { FailureFlag.Denylist(["dynamodb(?=.us-east-1)"], 50), "look-around or a backreference, which the layer's Rust regex crate cannot compile" },
        { FailureFlag.Denylist(["s3(?:-external)?.amazonaws.com"], 50), "uses a (? group, which the layer's POSIX extended expressions cannot compile" },
        { FailureFlag.Denylist(["s3.us-east-\\d.amazonaws.com"], 50), "uses \\d or \\D, which the layer's POSIX extended expressions read as the letter d" },
        { FailureFlag.Latency(1, 2, 50) with { Match = [MatchCondition.MatchesRegex("Records", "([a-z]+)*")] }, "latency.match[0].value '([a-z]+)*' is refused by the npm package as potentially unsafe" },
        { FailureFlag.Latency(1, 2, 50) with { Match = [MatchCondition.MatchesRegex("Records", "(")] }, "latency.match[0].value '(' does not compile" },
        { FailureFlag.Latency(1, 2, 50) with { Match = [MatchCondition.Equal("Records", null!)] }, "latency.match[0].value is missing" },
        { FailureFlag.Latency(1, 2, 50) with { Match = [MatchCondition.Exists(string.Empty)] }, "latency.match[0].path is empty" },
    };

    [Theory]
    [MemberData(nameof(InvalidFlags))]
    public void Given_a_flag_1x_would_skip_validation_names_the_problem(FailureFlag flag, string problem)
    {
        Should.Throw<InvalidFaultException>(FailureLambdaFault.FeatureFlags(flag).Validate).Message.ShouldContain(problem);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var fault = FailureLambdaFault.FeatureFlags(FailureFlag.Latency(5000, 3000, 150), FailureFlag.StatusCode(42, 50), FailureFlag.StatusCode(500, 50));

        fault.Problems().ShouldBe(
        [
            "statuscode is given 2 times: the parameter has one key per mode",
            "latency.percentage 150 is not an integer in 0..100",
            "latency.min_latency 5000 is greater than max_latency 3000",
            "statuscode.status_code 42 is not an HTTP status (100-599)",
        ]);
    }

    [Fact]
    public void A_fault_with_no_enabled_flag_injects_nothing_and_is_refused()
    {
        FailureLambdaFault.FeatureFlags(FailureFlag.Latency(1, 2, 50) with { Enabled = false }).Problems().ShouldBe(["no flag is enabled: this configuration injects nothing"]);
        FailureLambdaFault.FeatureFlags().Problems().ShouldBe(["no flag: a 1.x fault needs at least one"]);
    }

    [Theory]
    [InlineData("(a+)+", true)]
    [InlineData("(a+)*", true)]
    [InlineData("(a*)+", true)]
    [InlineData("(a*)*", true)]
    [InlineData("(a+){2,}", true)]
    [InlineData("((a+)b)+", true)]
    [InlineData("(\\w+\\.)+", true)]
    [InlineData("a+", false)]
    [InlineData("(abc)+", false)]
    [InlineData("a*b+c?", false)]
    [InlineData("s3\\..*\\.amazonaws\\.com", false)]
    [InlineData("^(GET|POST|PUT|DELETE)$", false)]
    [InlineData("(\\d+)", false)]
    [InlineData("([a+])+", false)]
    public void The_unsafe_pattern_check_agrees_with_the_npm_packages_own_tests(string pattern, bool unsafePattern)
    {
        // The cases of src/__tests__/config.test.ts "isUnsafeRegex" at v1.0.0.
        PatternRules.IsUnsafe(pattern).ShouldBe(unsafePattern);
    }

    [Fact]
    public void The_unsafe_pattern_check_refuses_patterns_longer_than_512_characters()
    {
        PatternRules.IsUnsafe(new string('a', 512)).ShouldBeFalse();
        PatternRules.IsUnsafe(new string('a', 513)).ShouldBeTrue();
    }
}
