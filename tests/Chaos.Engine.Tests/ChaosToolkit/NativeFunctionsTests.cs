using System.Collections;
using System.Text.Json.Nodes;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Engine.ChaosToolkit;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.ChaosToolkit;

/// <summary>
/// The natively implemented chaosaws functions, through the real clients against moto: chaosaws's argument names (its
/// signatures, bound at load) and its result shapes (a number for a probe, AWS's answer for an action), with the one
/// documented difference (a metric with no datapoint is None, not 0, unless the file opts in).
/// </summary>
public sealed class NativeFunctionsTests(MotoFixture moto) : IDisposable
{
    // moto's GetMetricData ignores the namespace when dimensions are given: a dimension value of this instance's own keeps
    // its datapoints apart from the other tests' (which all write "Failed").
    private readonly string metricNamespace = $"Ctk/{Guid.NewGuid():N}";
    private readonly string topic = $"topic-{Guid.NewGuid():N}";
    private readonly ActivityEnvironment environment = new(
        Path.GetTempPath(),
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? string.Empty),
        Stacks.On(moto, "failureLambdaConfig"),
        TimeProvider.System);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => environment.Dispose();

    /// <summary>chaosaws's signatures (chaostoolkit-aws, master): every argument but configuration and secrets, in order; the required ones first.</summary>
    public static TheoryData<string, string, string[], string[]> Signatures => new()
    {
        { CloudWatchProbes.Module, "get_metric_statistics", ["namespace", "metric_name"], ["dimension_name", "dimension_value", "dimensions", "duration", "offset", "statistic", "extended_statistic", "unit"] },
        { CloudWatchProbes.Module, "get_metric_data", ["namespace", "metric_name"], ["dimension_name", "dimension_value", "dimensions", "statistic", "duration", "period", "offset", "unit"] },
        { SsmActions.Module, "put_parameter", ["name", "value"], ["description", "type", "key_id", "overwrite", "allowed_pattern", "tags", "tier", "policies", "data_type"] },
        { LambdaFunctions.Probes, "get_function_timeout", ["function_name"], ["qualifier"] },
        { LambdaFunctions.Probes, "get_function_memory_size", ["function_name"], ["qualifier"] },
        { LambdaFunctions.Probes, "get_function_concurrency", ["function_name"], [] },
        { LambdaFunctions.Actions, "put_function_timeout", ["function_name", "timeout"], [] },
        { LambdaFunctions.Actions, "put_function_memory_size", ["function_name", "memory_size"], [] },
        { LambdaFunctions.Actions, "put_function_concurrency", ["function_name", "concurrent_executions"], [] },
        { LambdaFunctions.Actions, "delete_function_concurrency", ["function_name"], [] },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Given_a_native_function_then_its_signature_is_chaosaws_and_binds_as_chaostoolkit_lib_does(string module, string func, string[] required, string[] optional)
    {
        var function = NativeFunctions.Find(module, func);

        function.Required.ShouldBe(required);
        function.Optional.ShouldBe(optional);
        var every = new JsonObject([.. required.Concat(optional).Where(a => !function.Unsupported.ContainsKey(a)).Select(a => KeyValuePair.Create(a, (JsonNode?)"x"))]);
        function.Problems(every).ShouldBeEmpty();
        function.Problems(new JsonObject { ["configuration"] = "c", ["secrets"] = "s" }).ShouldBe(required.Select(r => $"required argument {r} is missing from {module}.{func}"));
        function.Problems(new JsonObject([.. required.Select(a => KeyValuePair.Create(a, (JsonNode?)"x")), KeyValuePair.Create("FunctionName", (JsonNode?)"x")]))
            .ShouldHaveSingleItem().ShouldStartWith($"argument FunctionName is not part of the signature of {module}.{func}");
    }

    [Fact]
    public void Given_extended_statistic_when_bound_then_it_is_refused_at_load_with_why()
    {
        var problems = NativeFunctions.Find(CloudWatchProbes.Module, "get_metric_statistics")
            .Problems(new JsonObject { ["namespace"] = "n", ["metric_name"] = "m", ["extended_statistic"] = "p99" });

        problems.ShouldHaveSingleItem().ShouldContain("argument extended_statistic of chaosaws.cloudwatch.probes.get_metric_statistics is not supported by the harness: percentiles");
    }

    [Fact]
    public async Task Given_datapoints_when_get_metric_statistics_is_called_with_one_dimension_then_it_returns_the_statistic_as_a_number()
    {
        await PutAsync(2, 3);

        var sum = await CallAsync(CloudWatchProbes.Module, "get_metric_statistics", Statistics("Sum"));
        var average = await CallAsync(CloudWatchProbes.Module, "get_metric_statistics", Statistics("Average"));
        var count = await CallAsync(CloudWatchProbes.Module, "get_metric_statistics", Statistics("SampleCount"));

        sum!.GetValue<double>().ShouldBe(5);
        average!.GetValue<double>().ShouldBe(2.5);
        count!.GetValue<double>().ShouldBe(2);
    }

    [Fact]
    public async Task Given_datapoints_when_get_metric_statistics_is_called_with_a_list_of_dimensions_then_it_reads_that_combination()
    {
        await PutAsync(4);

        var sum = await CallAsync(CloudWatchProbes.Module, "get_metric_statistics", $$"""{"namespace": "{{metricNamespace}}", "metric_name": "Failed", "dimensions": [{"Name": "TopicName", "Value": "{{topic}}"}], "statistic": "Sum", "duration": 300}""");

        sum!.GetValue<double>().ShouldBe(4);
    }

    [Fact]
    public async Task Given_an_offset_when_get_metric_statistics_is_called_then_the_window_ends_offset_seconds_ago()
    {
        await PutAsync(4);

        // [now − 600 − 300, now − 600] holds none of the datapoints written 20 s ago.
        var before = await CallAsync(CloudWatchProbes.Module, "get_metric_statistics", Statistics("Sum").Replace("\"duration\": 300", "\"duration\": 300, \"offset\": 600", StringComparison.Ordinal));

        before.ShouldBeNull();
    }

    [Fact]
    public async Task Given_missing_statistic_or_dimensions_when_get_metric_statistics_is_called_then_the_activity_fails_with_chaosaws_messages()
    {
        var noStatistic = await Should.ThrowAsync<ActivityFailedException>(() => CallAsync(CloudWatchProbes.Module, "get_metric_statistics", $$"""{"namespace": "{{metricNamespace}}", "metric_name": "Failed", "dimension_name": "TopicName", "dimension_value": "{{topic}}"}"""));
        var noDimensions = await Should.ThrowAsync<ActivityFailedException>(() => CallAsync(CloudWatchProbes.Module, "get_metric_statistics", $$"""{"namespace": "{{metricNamespace}}", "metric_name": "Failed", "statistic": "Sum"}"""));

        noStatistic.Message.ShouldBe("You must supply argument for statistic or extended_statistic");
        noDimensions.Message.ShouldBe("You must supply argument for dimensions");
    }

    [Fact]
    public async Task Given_no_datapoint_when_either_metric_probe_is_called_then_it_is_none_unless_the_file_opts_in_to_chaosaws_zero()
    {
        var statistics = Statistics("Sum").Replace("\"Failed\"", "\"Nothing\"", StringComparison.Ordinal);
        var data = MetricData("Sum").Replace("\"Failed\"", "\"Nothing\"", StringComparison.Ordinal);

        (await CallAsync(CloudWatchProbes.Module, "get_metric_statistics", statistics)).ShouldBeNull();
        (await CallAsync(CloudWatchProbes.Module, "get_metric_data", data)).ShouldBeNull();
        var statisticsZero = await CallAsync(CloudWatchProbes.Module, "get_metric_statistics", statistics, noDataAsZero: true);
        var dataZero = await CallAsync(CloudWatchProbes.Module, "get_metric_data", data, noDataAsZero: true);

        // chaosaws's 0 is Python's int 0 (get_metric_statistics's `return 0`, get_metric_data's round(0, 2)).
        statisticsZero!.ToJsonString().ShouldBe("0");
        dataZero!.ToJsonString().ShouldBe("0");
    }

    [Theory]
    [InlineData("Sum", 3.34)]
    [InlineData("Maximum", 2.34)]
    [InlineData("Minimum", 1)]
    [InlineData("Average", 1.67)]
    [InlineData("SampleCount", 2)]
    public async Task Given_datapoints_when_get_metric_data_is_called_then_the_values_are_aggregated_by_the_statistic_and_rounded_to_2_places(string statistic, double expected)
    {
        await PutAsync(1, 2.336);

        var value = await CallAsync(CloudWatchProbes.Module, "get_metric_data", MetricData(statistic));

        // Both datapoints are in the last 60 s period; SampleCount is that period's count, then the mean (chaosaws's else branch).
        value!.GetValue<double>().ShouldBe(expected);
    }

    [Fact]
    public async Task Given_datapoints_when_get_metric_data_is_called_with_a_list_of_dimensions_then_it_reads_that_combination()
    {
        await PutAsync(7);

        var maximum = await CallAsync(CloudWatchProbes.Module, "get_metric_data", $$"""{"namespace": "{{metricNamespace}}", "metric_name": "Failed", "dimensions": [{"Name": "TopicName", "Value": "{{topic}}"}], "statistic": "Maximum", "duration": 600, "period": 60}""");

        maximum!.GetValue<double>().ShouldBe(7);
    }

    [Fact]
    public async Task Given_no_statistic_when_get_metric_data_is_called_then_the_activity_fails_as_boto3_refuses_chaosaws_none()
    {
        var failed = await Should.ThrowAsync<ActivityFailedException>(() => CallAsync(CloudWatchProbes.Module, "get_metric_data", $$"""{"namespace": "{{metricNamespace}}", "metric_name": "Failed", "dimension_name": "TopicName", "dimension_value": "{{topic}}"}"""));

        failed.Message.ShouldContain("Stat is required");
    }

    [Fact]
    public async Task Given_put_parameter_when_called_then_ssm_holds_the_value_and_the_answer_is_version_and_tier()
    {
        var name = $"ctk-param-{Guid.NewGuid():N}";

        var first = await CallAsync(SsmActions.Module, "put_parameter", $$"""{"name": "{{name}}", "value": "on", "type": "String", "description": "d"}""");
        var second = await CallAsync(SsmActions.Module, "put_parameter", $$"""{"name": "{{name}}", "value": "off", "type": "String", "overwrite": true}""");

        first!.AsObject().Select(p => p.Key).ShouldBe(["Version", "Tier"]);
        first["Version"]!.GetValue<long>().ShouldBe(1);
        first["Tier"]!.GetValue<string>().ShouldBe("Standard");
        second!["Version"]!.GetValue<long>().ShouldBe(2);
        using var ssm = moto.Ssm();
        (await ssm.GetParameterAsync(new GetParameterRequest { Name = name }, Token)).Parameter.Value.ShouldBe("off");
    }

    [Fact]
    public async Task Given_put_parameter_with_an_empty_or_non_string_value_or_without_overwrite_then_the_activity_fails_with_chaosaws_messages()
    {
        var name = $"ctk-param-{Guid.NewGuid():N}";
        await CallAsync(SsmActions.Module, "put_parameter", $$"""{"name": "{{name}}", "value": "on", "type": "String"}""");

        var empty = await Should.ThrowAsync<ActivityFailedException>(() => CallAsync(SsmActions.Module, "put_parameter", $$"""{"name": "{{name}}", "value": ""}"""));
        var boolean = await Should.ThrowAsync<ActivityFailedException>(() => CallAsync(SsmActions.Module, "put_parameter", $$"""{"name": "{{name}}", "value": true, "overwrite": true}"""));
        var exists = await Should.ThrowAsync<ActivityFailedException>(() => CallAsync(SsmActions.Module, "put_parameter", $$"""{"name": "{{name}}", "value": "again", "type": "String"}"""));

        empty.Message.ShouldBe("To create a parameter, you must specify the value");
        boolean.Message.ShouldContain("the value must be a string");
        exists.Message.ShouldStartWith($"Failed to put  parameter '{name}': ");
        using var ssm = moto.Ssm();
        (await ssm.GetParameterAsync(new GetParameterRequest { Name = name }, Token)).Parameter.Value.ShouldBe("on");
    }

    [Fact]
    public async Task Given_a_function_when_its_timeout_and_memory_are_put_then_the_actions_answer_its_configuration_and_the_probes_read_the_numbers()
    {
        var function = await FunctionAsync();
        var name = $$"""{"function_name": "{{function}}"}""";

        var timeout = await CallAsync(LambdaFunctions.Probes, "get_function_timeout", name);
        var latest = await CallAsync(LambdaFunctions.Probes, "get_function_timeout", $$"""{"function_name": "{{function}}", "qualifier": "$LATEST"}""");
        var updated = await CallAsync(LambdaFunctions.Actions, "put_function_timeout", $$"""{"function_name": "{{function}}", "timeout": 120}""");
        var resized = await CallAsync(LambdaFunctions.Actions, "put_function_memory_size", $$"""{"function_name": "{{function}}", "memory_size": 256}""");

        timeout!.ToJsonString().ShouldBe("3");
        latest!.ToJsonString().ShouldBe("3");
        updated!["FunctionName"]!.GetValue<string>().ShouldBe(function);
        updated["Timeout"]!.GetValue<int>().ShouldBe(120);
        resized!["MemorySize"]!.GetValue<int>().ShouldBe(256);
        resized["Timeout"]!.GetValue<int>().ShouldBe(120);
        (await CallAsync(LambdaFunctions.Probes, "get_function_timeout", name))!.ToJsonString().ShouldBe("120");
        (await CallAsync(LambdaFunctions.Probes, "get_function_memory_size", name))!.ToJsonString().ShouldBe("256");
    }

    [Fact]
    public async Task Given_a_function_when_its_concurrency_is_put_and_deleted_then_the_answers_are_lambdas_and_no_reservation_reads_as_none()
    {
        var function = await FunctionAsync();
        var name = $$"""{"function_name": "{{function}}"}""";

        var unreserved = await CallAsync(LambdaFunctions.Probes, "get_function_concurrency", name);
        var put = await CallAsync(LambdaFunctions.Actions, "put_function_concurrency", $$"""{"function_name": "{{function}}", "concurrent_executions": 5}""");
        var reserved = await CallAsync(LambdaFunctions.Probes, "get_function_concurrency", name);
        var deleted = await CallAsync(LambdaFunctions.Actions, "delete_function_concurrency", name);

        // chaosaws raises KeyError on a function with no reservation (the probe fails); the harness reads None: no data.
        unreserved.ShouldBeNull();
        put!.ToJsonString().ShouldBe("""{"ReservedConcurrentExecutions":5}""");
        reserved!.ToJsonString().ShouldBe("5");
        deleted!.ToJsonString().ShouldBe("{}");
        (await CallAsync(LambdaFunctions.Probes, "get_function_concurrency", name)).ShouldBeNull();
    }

    [Fact]
    public async Task Given_an_unknown_function_or_no_name_when_called_then_the_activity_fails()
    {
        var unknown = await Should.ThrowAsync<ActivityFailedException>(() => CallAsync(LambdaFunctions.Probes, "get_function_timeout", """{"function_name": "no-such-function"}"""));
        var unnamed = await Should.ThrowAsync<ActivityFailedException>(() => CallAsync(LambdaFunctions.Actions, "put_function_concurrency", """{"function_name": "", "concurrent_executions": 1}"""));

        unknown.Message.ShouldContain("404");
        unnamed.Message.ShouldBe("you must specify the lambda function name");
    }

    private Task<JsonNode?> CallAsync(string module, string func, string arguments, bool noDataAsZero = false) =>
        NativeFunctions.Find(module, func).InvokeAsync(new NativeCall(JsonNode.Parse(arguments)!.AsObject(), new Dictionary<string, JsonNode?>(), environment, noDataAsZero), Token);

    private string Statistics(string statistic) =>
        $$"""{"namespace": "{{metricNamespace}}", "metric_name": "Failed", "dimension_name": "TopicName", "dimension_value": "{{topic}}", "statistic": "{{statistic}}", "duration": 300}""";

    private string MetricData(string statistic) =>
        $$"""{"namespace": "{{metricNamespace}}", "metric_name": "Failed", "dimension_name": "TopicName", "dimension_value": "{{topic}}", "statistic": "{{statistic}}", "duration": 600, "period": 60}""";

    private async Task PutAsync(params double[] values)
    {
        using var cloudWatch = moto.CloudWatch();
        await cloudWatch.PutMetricDataAsync(
            new PutMetricDataRequest
            {
                Namespace = metricNamespace,
                MetricData = [.. values.Select((v, i) => new MetricDatum { MetricName = "Failed", Value = v, Unit = "Count", Timestamp = DateTime.UtcNow.AddSeconds(-20 - i), Dimensions = [new Dimension { Name = "TopicName", Value = topic }] })],
            },
            Token);
    }

    private async Task<string> FunctionAsync()
    {
        var function = $"ctk-fn-{Guid.NewGuid():N}";
        await MotoFunctions.RegisterAsync(moto.Endpoint, function, "failureLambdaConfig", cancellationToken: Token);
        return function;
    }
}
