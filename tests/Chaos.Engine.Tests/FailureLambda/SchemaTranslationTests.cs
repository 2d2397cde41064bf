using Chaos.Engine.FailureLambda;
using Shouldly;

namespace Chaos.Engine.Tests.FailureLambda;

/// <summary>Writing a fault for the other failure-lambda, or for both in one parameter.</summary>
public sealed class SchemaTranslationTests
{
    [Fact]
    public void The_seed_latency_fault_for_both_versions_carries_the_0x_keys_beside_the_1x_flag()
    {
        var both = FailureLambdaFault.Latency(3000, 5000, 0.5).InSchema(FailureLambdaSchema.Both);

        both.Schema.ShouldBe(FailureLambdaSchema.Both);
        both.ToParameterValue().ShouldBe(
            "{\"isEnabled\":true,\"failureMode\":\"latency\",\"rate\":0.5,\"minLatency\":3000,\"maxLatency\":5000," +
            "\"latency\":{\"enabled\":true,\"percentage\":50,\"min_latency\":3000,\"max_latency\":5000}}");
        both.Validate();
    }

    [Fact]
    public void A_parameter_for_both_reads_back_as_0x_as_1x_and_as_both()
    {
        var json = FailureLambdaFault.StatusCode(503, 0.25).InSchema(FailureLambdaSchema.Both).ToParameterValue();

        FailureLambdaFault.Parse(json).ShouldBe(FailureLambdaFault.StatusCode(503, 0.25), "0.4.x ignores the 1.x key");
        FailureLambdaFault.Parse(json, FailureLambdaSchema.Both).ToParameterValue().ShouldBe(json);
        FailureLambdaFault.Parse(json, FailureLambdaSchema.Both).Schema.ShouldBe(FailureLambdaSchema.Both);
    }

    [Fact]
    public void A_1x_denylist_on_some_invocations_has_no_0x_equivalent_but_on_all_of_them_it_has()
    {
        var some = FailureLambdaFault.FeatureFlags(FailureFlag.Denylist(["dynamodb.*.amazonaws.com"], percentage: 25));
        Should.Throw<InvalidFaultException>(() => some.InSchema(FailureLambdaSchema.V0)).Message
            .ShouldContain("a 1.x denylist at percentage 25 blocks that share of invocations");
        FailureLambdaFault.FeatureFlags(FailureFlag.Denylist(["dynamodb.*.amazonaws.com"], percentage: 100)).InSchema(FailureLambdaSchema.V0).ToParameterValue()
            .ShouldContain("\"rate\":1");
    }

    [Fact]
    public void A_0x_denylist_cannot_share_a_parameter_with_1x_but_translates_to_a_1x_denylist()
    {
        var denylist = FailureLambdaFault.Denylist(["dynamodb.*.amazonaws.com"], 0.5);

        Should.Throw<InvalidFaultException>(() => denylist.InSchema(FailureLambdaSchema.Both)).Message
            .ShouldContain("a 0.x denylist cannot share a parameter with 1.x: the \"denylist\" key is an array of patterns in 0.x and an object in 1.x");
        // 0.x's block stays on in a warm container once drawn: at rate 0.5 every container blocks every call within a
        // few invocations, which is 1.x's percentage 100 (1.x draws and clears per invocation).
        denylist.InSchema(FailureLambdaSchema.V1).ToParameterValue()
            .ShouldBe("{\"denylist\":{\"enabled\":true,\"percentage\":100,\"deny_list\":[\"dynamodb.*.amazonaws.com\"]}}");
        FailureLambdaFault.Denylist(["dynamodb.*.amazonaws.com"], 0).InSchema(FailureLambdaSchema.V1).ToParameterValue()
            .ShouldContain("\"percentage\":0");
    }

    [Fact]
    public void A_single_1x_flag_without_match_conditions_translates_to_its_0x_mode()
    {
        var flat = FailureLambdaFault.FeatureFlags(FailureFlag.Exception("boom", 10)).InSchema(FailureLambdaSchema.V0);

        flat.ShouldBe(FailureLambdaFault.Exception("boom", 0.1));
        flat.Schema.ShouldBe(FailureLambdaSchema.V0);
    }

    [Theory]
    [MemberData(nameof(OnlyOneVersion))]
    public void What_one_version_cannot_express_is_refused_naming_why(FailureLambdaFault fault, FailureLambdaSchema schema, string problem)
    {
        Should.Throw<InvalidFaultException>(() => fault.InSchema(schema)).Message.ShouldContain(problem);
    }

    public static TheoryData<FailureLambdaFault, FailureLambdaSchema, string> OnlyOneVersion() => new()
    {
        { FailureLambdaFault.Latency(1, 2, 1.0 / 3), FailureLambdaSchema.V1, "latency cannot be written for failure-lambda 1.x: rate 0.3333333333333333 is not a whole percentage" },
        { FailureLambdaFault.FeatureFlags(FailureFlag.Timeout(0, 100)), FailureLambdaSchema.V0, "timeout cannot be written for failure-lambda 0.x: 0.x has no timeout mode" },
        { FailureLambdaFault.FeatureFlags(FailureFlag.Latency(1, 2, 50), FailureFlag.Exception("x", 5)), FailureLambdaSchema.Both, "0.x applies exactly one enabled mode" },
        { FailureLambdaFault.FeatureFlags(FailureFlag.Latency(1, 2, 50) with { Match = [MatchCondition.Exists("Records")] }), FailureLambdaSchema.V0, "0.x has no match conditions" },
    };

    [Theory]
    [InlineData("\"rate\": 0.5", "\"percentage\": 100", "0.x {\"isEnabled\":true,\"failureMode\":\"latency\",\"rate\":0.5,\"minLatency\":3000,\"maxLatency\":5000} is")]
    [InlineData("\"rate\": 0.333", "\"percentage\": 33", "the 0.x part has no 1.x equivalent (rate 0.333 is not a whole percentage")]
    public void A_parameter_whose_parts_describe_different_faults_is_refused(string rate, string percentage, string problem)
    {
        var json = $"{{\"isEnabled\": true, \"failureMode\": \"latency\", {rate}, \"minLatency\": 3000, \"maxLatency\": 5000, " +
            $"\"latency\": {{\"enabled\": true, {percentage}, \"min_latency\": 3000, \"max_latency\": 5000}}}}";

        var message = Should.Throw<InvalidFaultException>(() => FailureLambdaFault.Parse(json, FailureLambdaSchema.Both)).Message;

        message.ShouldContain("the parts describe different faults");
        message.ShouldContain(problem);
    }

    [Fact]
    public void A_fault_already_in_the_schema_is_returned_as_is()
    {
        var fault = FailureLambdaFault.Latency(3000, 5000, 0.5);

        fault.InSchema(FailureLambdaSchema.V0).ShouldBeSameAs(fault);
    }
}
