using Chaos.Engine.FailureLambda;
using Shouldly;

namespace Chaos.Engine.Tests.FailureLambda;

public sealed class FailureLambdaFaultTests
{
    [Fact]
    public void The_seed_latency_fault_writes_the_workshop_parameter_value()
    {
        FailureLambdaFault.Latency(3000, 5000, 0.5).ToParameterValue()
            .ShouldBe("{\"isEnabled\":true,\"failureMode\":\"latency\",\"rate\":0.5,\"minLatency\":3000,\"maxLatency\":5000}");
    }

    public static TheoryData<FailureLambdaFault, string> InvalidFaults() => new()
    {
        { FailureLambdaFault.Latency(3000, 5000, 1.5), "rate 1.5 is not in [0, 1]" },
        { FailureLambdaFault.Latency(3000, 5000, -0.1), "rate -0.1 is not in [0, 1]" },
        { FailureLambdaFault.Latency(5000, 3000, 0.5), "minLatency 5000 is greater than maxLatency 3000" },
        { FailureLambdaFault.Latency(-1, 10, 0.5), "minLatency -1 is negative" },
        { FailureLambdaFault.Denylist(["dynamodb(.*"], 0.5), "denylist pattern 'dynamodb(.*' does not compile" },
        { FailureLambdaFault.Denylist([], 0.5), "denylist is empty" },
        { FailureLambdaFault.StatusCode(42, 0.5), "statusCode 42 is not an HTTP status" },
        { FailureLambdaFault.DiskSpace(0, 0.5), "diskSpace 0 MB is not in 1..10240" },
        { FailureLambdaFault.Exception(" ", 0.5), "exceptionMsg is empty" },
    };

    [Theory]
    [MemberData(nameof(InvalidFaults))]
    public void Given_an_invalid_fault_validation_names_the_problem(FailureLambdaFault fault, string problem)
    {
        Should.Throw<InvalidFaultException>(fault.Validate).Message.ShouldContain(problem);
    }

    [Fact]
    public void Given_the_legacy_blacklist_mode_it_is_refused_explaining_that_0_4_ignores_it()
    {
        var error = Should.Throw<InvalidFaultException>(() => FailureLambdaFault.Parse("{\"isEnabled\": true, \"failureMode\": \"blacklist\", \"rate\": 0.5, \"blacklist\": [\"dynamodb.*\"]}"));

        error.Message.ShouldContain("'blacklist' is ignored by failure-lambda 0.4.x");
        error.Message.ShouldContain("denylist");
    }

    [Theory]
    [InlineData("{\"isEnabled\": \"true\", \"failureMode\": \"latency\", \"rate\": 0.5, \"minLatency\": 1, \"maxLatency\": 2}", "isEnabled must be the boolean true")]
    [InlineData("{\"failureMode\": \"latency\", \"rate\": 0.5, \"minLatency\": 1, \"maxLatency\": 2}", "isEnabled must be the boolean true")]
    [InlineData("{\"isEnabled\": true, \"failureMode\": \"latency\", \"rate\": \"0.5\", \"minLatency\": 1, \"maxLatency\": 2}", "rate must be a number")]
    [InlineData("{\"isEnabled\": true, \"failureMode\": \"slow\", \"rate\": 0.5}", "failureMode 'slow' is not one of")]
    [InlineData("{\"isEnabled\": true, \"failureMode\": \"denylist\", \"rate\": 0.5, \"denylist\": \"dynamodb\"}", "denylist must be an array of strings")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{nope", "not JSON")]
    public void Given_a_raw_configuration_that_0_4_would_not_apply_parsing_refuses_it(string json, string problem)
    {
        Should.Throw<InvalidFaultException>(() => FailureLambdaFault.Parse(json)).Message.ShouldContain(problem);
    }

    [Fact]
    public void Given_a_valid_raw_denylist_configuration_parsing_gives_the_typed_fault()
    {
        var fault = FailureLambdaFault.Parse("{\"isEnabled\": true, \"failureMode\": \"denylist\", \"rate\": 0.5, \"denylist\": [\"dynamodb.*.amazonaws.com\"]}").ShouldBeOfType<DenylistFault>();

        fault.Patterns.ShouldBe(["dynamodb.*.amazonaws.com"]);
        fault.Rate.ShouldBe(0.5);
    }
}
