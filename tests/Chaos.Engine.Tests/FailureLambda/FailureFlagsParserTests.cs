using Chaos.Engine.FailureLambda;
using Shouldly;

namespace Chaos.Engine.Tests.FailureLambda;

/// <summary>Reading a 1.x parameter back: what 1.x would apply comes back typed; what it would skip or ignore is refused.</summary>
public sealed class FailureFlagsParserTests
{
    [Fact]
    public void A_written_fault_reads_back_as_the_same_fault()
    {
        var fault = FailureLambdaFault.FeatureFlags(
            FailureFlag.Latency(3000, 5000, 50) with { Match = [MatchCondition.Equal("Records.0.eventSource", "aws:sqs")] },
            FailureFlag.Denylist(["dynamodb.*.amazonaws.com"], 25),
            FailureFlag.Corruption("{\"error\": \"corrupted\"}", 30));

        var read = FailureLambdaFault.Parse(fault.ToParameterValue(), FailureLambdaSchema.V1);

        read.Schema.ShouldBe(FailureLambdaSchema.V1);
        read.ToParameterValue().ShouldBe(fault.ToParameterValue());
    }

    [Fact]
    public void Absent_fields_take_1x_defaults()
    {
        // percentage 100 (src/config.ts resolveFailures), status_code 500 and exception_msg "Injected exception" (src/failures/*.ts).
        FailureLambdaFault.Parse("{\"statuscode\": {\"enabled\": true}, \"exception\": {\"enabled\": false}}", FailureLambdaSchema.V1).ToParameterValue()
            .ShouldBe("{\"statuscode\":{\"enabled\":true,\"percentage\":100,\"status_code\":500},\"exception\":{\"enabled\":false,\"percentage\":100,\"exception_msg\":\"Injected exception\"}}");
    }

    [Theory]
    [InlineData("{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": 1, \"latency\": {\"enabled\": true}}", "0.x keys (isEnabled, failureMode, rate) are ignored by failure-lambda 1.x")]
    [InlineData("{\"latancy\": {\"enabled\": true}}", "unknown key 'latancy' is ignored by failure-lambda 1.x")]
    [InlineData("{\"latency\": {\"enabled\": true, \"minLatency\": 100}}", "latency.minLatency is not a field of the latency flag")]
    [InlineData("{\"latency\": {\"enabled\": \"true\"}}", "latency.enabled must be a boolean")]
    [InlineData("{\"latency\": {\"percentage\": 50}}", "latency.enabled must be a boolean")]
    [InlineData("{\"latency\": {\"enabled\": true, \"percentage\": 50.5}}", "latency.percentage must be an integer in 0..100")]
    [InlineData("{\"latency\": {\"enabled\": true, \"percentage\": 50.0}}", "latency.percentage must be an integer in 0..100")]
    [InlineData("{\"latency\": {\"enabled\": true, \"percentage\": 150}}", "latency.percentage 150 is not an integer in 0..100")]
    [InlineData("{\"denylist\": [\"dynamodb\"]}", "denylist must be an object: failure-lambda 1.x skips it (an array is 0.x's denylist)")]
    [InlineData("{\"denylist\": {\"enabled\": true}}", "denylist.deny_list is missing")]
    [InlineData("{\"exception\": {\"enabled\": true, \"exception_msg\": null}}", "exception.exception_msg must be a string")]
    [InlineData("{\"latency\": {\"enabled\": true, \"match\": [{\"path\": \"Records\", \"operator\": \"contains\", \"value\": \"x\"}]}}", "latency.match[0].operator must be one of eq, exists, startsWith, regex")]
    [InlineData("{\"latency\": true}", "latency must be an object")]
    [InlineData("{\"latency\": {\"enabled\": false}}", "no flag is enabled")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{nope", "not JSON")]
    public void Given_a_parameter_1x_would_not_apply_as_written_parsing_refuses_it(string json, string problem)
    {
        Should.Throw<InvalidFaultException>(() => FailureLambdaFault.Parse(json, FailureLambdaSchema.V1)).Message.ShouldContain(problem);
    }

    [Fact]
    public void Parsing_a_0x_value_as_0x_is_what_Parse_always_did()
    {
        const string Json = "{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": 0.5, \"minLatency\": 3000, \"maxLatency\": 5000}";

        FailureLambdaFault.Parse(Json, FailureLambdaSchema.V0).ShouldBe(FailureLambdaFault.Parse(Json));
    }
}
