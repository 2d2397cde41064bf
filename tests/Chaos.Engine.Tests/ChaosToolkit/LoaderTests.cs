using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.ChaosToolkit;
using Chaos.Engine.Definition;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.SteadyState;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.ChaosToolkit;

/// <summary>Chaos Toolkit files loaded into definitions: the seed, the refusals at load, and the process rules.</summary>
public sealed class LoaderTests(MotoFixture moto) : IDisposable
{
    private readonly CtkFiles files = new(moto, variables: new Dictionary<string, string> { ["S3_BUCKET_NAME"] = "b", ["SNS_TOPIC_NAME"] = "topic-1", ["LAMBDA_FUNCTION_NAME"] = "fn" });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(directory!.FullName, "ChaosTests.sln")))
            {
                directory = directory.Parent;
            }

            return directory.FullName;
        }
    }

    public void Dispose() => files.Dispose();

    [Fact]
    public void Given_the_seeds_file_when_loaded_then_it_is_exp_1s_definition_with_native_indicators_a_guarded_fault_and_its_rollback()
    {
        // Given: the repository's experiments folder, filled as a run fills it.
        var folder = RunFolder.Prepare(Path.Combine(Root, "experiments", "exp_1-minor_delay.json"), files.Folder, files.Settings.Placeholders(), DateTimeOffset.UtcNow);

        // When
        using var loaded = ChaosToolkitLoader.Load(Path.Combine(folder, "exp_1-minor_delay.json"), new ChaosToolkitContext(files.Settings, files.Environment, folder));
        var definition = loaded.Definition;

        // Then
        definition.Title.ShouldBe("Minor delay should not impact processing");
        definition.Tags.ShouldBe(["serverless", "cloudnative", "etl"]);
        definition.SteadyStateHypothesis.Probes.ShouldBeEmpty();
        var indicators = definition.SteadyStateHypothesis.Indicators;
        indicators.Select(i => (i.Name, i.Window.TotalSeconds, i.Tolerance.ToString())).ShouldBe(
        [
            ("zero-sns-errors", 900, "exactly 0"),
            ("messages-in-flight", 300, "[0, 80]"),
            ("normal-error-rates", 300, "[0, 5]"),
        ]);
        indicators[0].Queries.ShouldHaveSingleItem().MetricStat!.Metric.Dimensions.ShouldHaveSingleItem().Value.ShouldBe("topic-1");
        indicators[0].WhenNoData.ShouldBe(NoDataPolicy.Fail);
        indicators[1].ResultId.ShouldBe("pctFlight");
        indicators[1].Queries.Single(q => q.Id == "sqsInMsgCount").MetricStat!.Metric.Dimensions[0].Value.ShouldBe(files.Settings.JsonQueueName);
        indicators[2].ResultId.ShouldBe("pctError");
        var inject = definition.Method[0].ShouldBeOfType<InjectFaultStep>();
        inject.Name.ShouldBe("Enable Lambda failure: LATENCY");
        inject.Fault.ShouldBe(FailureLambdaFault.Latency(3000, 5000, 0.5));
        definition.Method[1].ShouldBeOfType<PauseStep>().AwsDuration.ShouldBe(TimeSpan.FromSeconds(360));
        definition.Method.Count.ShouldBe(2);
        definition.Rollbacks.ShouldHaveSingleItem().Name.ShouldBe("Disable Lambda failures");
        definition.Problems().ShouldBeEmpty();
        definition.Notes.ShouldContain(n => n.StartsWith("Rollbacks always run", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_an_unsupported_python_provider_when_loaded_then_it_fails_listing_the_supported_functions()
    {
        var path = files.Write("x.json", CtkFiles.Experiment(
            $"[{CtkFiles.Probe("p", "true", """{"type": "python", "module": "chaosk8s.pod.probes", "func": "pods_in_phase"}""")}]"));

        var refused = Should.Throw<InvalidExperimentException>(() => files.Load(path));

        refused.Message.ShouldContain("chaosk8s.pod.probes.pods_in_phase is not supported");
        refused.Message.ShouldContain("chaosaws.cloudwatch.probes.get_metric_statistics");
        refused.Message.ShouldContain("chaosaws.awslambda.actions.put_function_concurrency");
    }

    [Fact]
    public void Given_arguments_that_do_not_bind_to_the_functions_signature_when_loaded_then_they_are_refused()
    {
        var path = files.Write("x.json", CtkFiles.Experiment(
            $"[{CtkFiles.Probe("p", "3", """{"type": "python", "module": "chaosaws.awslambda.probes", "func": "get_function_timeout", "arguments": {"name": "fn"}}""")}]"));

        var message = Should.Throw<InvalidExperimentException>(() => files.Load(path)).Message;

        message.ShouldContain("required argument function_name is missing");
        message.ShouldContain("argument name is not part of the signature");
    }

    [Fact]
    public async Task Given_a_method_that_writes_blacklist_when_loaded_then_it_is_refused_and_the_parameter_is_unchanged()
    {
        // Given: the failure parameter holds its original value on the stack.
        var parameter = $"ctk-{Guid.NewGuid():N}";
        using var stack = new CtkFiles(moto, parameter);
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = "{\"isEnabled\": false}", Type = ParameterType.String }, Token);
        var method = $$$"""[{"type": "action", "name": "block dynamo", "provider": {"type": "process", "path": "aws", "arguments": "ssm put-parameter --name {{{parameter}}} --type String --overwrite --value '{\"isEnabled\": true, \"failureMode\": \"blacklist\", \"rate\": 1, \"blacklist\": [\"dynamodb.*\"]}'"}}]""";
        var path = stack.Write("x.json", CtkFiles.Experiment($"[{CtkFiles.Probe("p", "0", CtkFiles.Sh("true"))}]", method));

        // When
        var refused = Should.Throw<InvalidExperimentException>(() => stack.Load(path));

        // Then
        refused.Message.ShouldContain("blacklist");
        refused.Message.ShouldContain("denylist");
        (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, Token)).Parameter.Value.ShouldBe("{\"isEnabled\": false}");
    }

    [Fact]
    public void Given_chaosaws_put_parameter_on_the_failure_parameter_when_loaded_then_it_becomes_the_harness_injection()
    {
        var method = """[{"type": "action", "name": "exceptions", "provider": {"type": "python", "module": "chaosaws.ssm.actions", "func": "put_parameter", "arguments": {"name": "failureLambdaConfig", "value": "{\"isEnabled\": true, \"failureMode\": \"exception\", \"rate\": 0.1, \"exceptionMsg\": \"boom\"}", "overwrite": true}}, "pauses": {"before": "${wait}"}}]""";
        using var loaded = files.LoadText(CtkFiles.Experiment($"[{CtkFiles.Probe("p", "0", CtkFiles.Sh("true"))}]", method, """ "configuration": {"wait": 30}, """));

        loaded.Definition.Method[0].ShouldBeOfType<PauseStep>().AwsDuration.ShouldBe(TimeSpan.FromSeconds(30));
        loaded.Definition.Method[1].ShouldBeOfType<InjectFaultStep>().Fault.ShouldBe(FailureLambdaFault.Exception("boom", 0.1));
    }

    [Theory]
    [InlineData("""{"latency": {"enabled": true, "percentage": 50, "min_latency": 3000, "max_latency": 5000}}""", FailureLambdaSchema.V1)]
    [InlineData("""{"isEnabled": true, "failureMode": "latency", "rate": 0.5, "minLatency": 3000, "maxLatency": 5000, "latency": {"enabled": true, "percentage": 50, "min_latency": 3000, "max_latency": 5000}}""", FailureLambdaSchema.Both)]
    [InlineData("""{"isEnabled": true, "failureMode": "latency", "rate": 0.5, "minLatency": 3000, "maxLatency": 5000}""", FailureLambdaSchema.V0)]
    public void Given_a_fault_written_for_either_failure_lambda_when_loaded_then_it_is_the_harness_injection_in_that_schema(string value, FailureLambdaSchema schema)
    {
        var arguments = $"ssm put-parameter --name failureLambdaConfig --type String --overwrite --value '{value}'";
        var method = $$$"""[{"type": "action", "name": "inject", "provider": {"type": "process", "path": "aws", "arguments": {{{System.Text.Json.JsonSerializer.Serialize(arguments)}}}}}]""";

        using var loaded = files.LoadText(CtkFiles.Experiment($"[{CtkFiles.Probe("p", "0", CtkFiles.Sh("true"))}]", method));

        var fault = loaded.Definition.Method.ShouldHaveSingleItem().ShouldBeOfType<InjectFaultStep>().Fault;
        fault.Schema.ShouldBe(schema);
        fault.ToParameterValue().ShouldBe(FailureLambdaFault.Parse(value, schema).ToParameterValue());
    }

    [Fact]
    public void Given_a_1x_flag_that_failure_lambda_would_skip_when_loaded_then_it_is_refused_before_anything_is_written()
    {
        var method = """[{"type": "action", "name": "inject", "provider": {"type": "python", "module": "chaosaws.ssm.actions", "func": "put_parameter", "arguments": {"name": "failureLambdaConfig", "value": "{\"latency\": {\"enabled\": true, \"percentage\": 150}}", "overwrite": true}}}]""";

        var refused = Should.Throw<InvalidExperimentException>(() => files.LoadText(CtkFiles.Experiment($"[{CtkFiles.Probe("p", "0", CtkFiles.Sh("true"))}]", method)));

        refused.Message.ShouldContain("latency.percentage 150 is not an integer in 0..100");
    }

    [Fact]
    public void Given_a_missing_env_key_when_loaded_then_without_a_default_it_is_refused_and_with_one_it_is_used()
    {
        var probe = CtkFiles.Probe("p", "0", CtkFiles.Sh("test \"$0\" = fallback", "${name}"));
        Should.Throw<InvalidExperimentException>(() => files.LoadText(CtkFiles.Experiment($"[{probe}]", rest: """ "configuration": {"name": {"type": "env", "key": "CTK_TEST_UNSET"}}, """)))
            .Message.ShouldContain("CTK_TEST_UNSET");
        using var loaded = files.LoadText(CtkFiles.Experiment($"[{probe}]", rest: """ "configuration": {"name": {"type": "env", "key": "CTK_TEST_UNSET", "default": "fallback"}}, """));
        loaded.Definition.SteadyStateHypothesis.Probes.ShouldHaveSingleItem().Name.ShouldBe("p");
    }

    [Fact]
    public async Task Given_a_process_probe_that_exits_non_zero_then_the_status_is_its_output_and_the_tolerance_sees_it()
    {
        using var loaded = files.LoadText(CtkFiles.Experiment($"[{CtkFiles.Probe("exit-3", "0", CtkFiles.Sh("echo out; echo err >&2; exit 3"))}, {CtkFiles.Probe("exit-3-allowed", "[0, 3]", CtkFiles.Sh("exit 3"))}]"));
        var probes = loaded.Definition.SteadyStateHypothesis.Probes;

        var failing = await probes[0].ReadAsync(Token);
        var allowed = await probes[1].ReadAsync(Token);

        (failing.Verdict, failing.Value).ShouldBe((IndicatorVerdict.NotMet, 3d));
        failing.Output!["stdout"]!.GetValue<string>().ShouldBe("out\n");
        failing.Output!["stderr"]!.GetValue<string>().ShouldBe("err\n");
        allowed.Verdict.ShouldBe(IndicatorVerdict.Met);
    }

    [Fact]
    public async Task Given_an_action_whose_process_exits_non_zero_when_run_then_the_step_fails_unlike_chaos_toolkit()
    {
        using var loaded = files.LoadText(CtkFiles.Experiment($"[{CtkFiles.Probe("p", "0", CtkFiles.Sh("true"))}]", """[{"type": "action", "name": "breaks", "provider": {"type": "process", "path": "sh", "arguments": ["-c", "echo nope >&2; exit 4"]}}]"""));
        var step = loaded.Definition.Method.ShouldHaveSingleItem().ShouldBeOfType<ActionStep>();

        var failed = await Should.ThrowAsync<ActivityFailedException>(() => step.Run(new StepContext(files.Settings, TextWriter.Null), Token));

        failed.Message.ShouldBe("the process exited with status 4: nope");
    }

    [Fact]
    public async Task Given_a_string_of_arguments_then_it_runs_through_sh_with_backquotes_in_the_files_folder()
    {
        files.Write("data.txt", "42\n");
        using var loaded = files.LoadText(CtkFiles.Experiment($$"""[{{CtkFiles.Probe("answer", """{"type": "range", "range": [41, 43], "target": "stdout"}""", """{"type": "process", "path": "echo", "arguments": "`cat data.txt`"}""")}}]"""));

        var reading = await loaded.Definition.SteadyStateHypothesis.Probes.Single().ReadAsync(Token);

        (reading.Verdict, reading.Value).ShouldBe((IndicatorVerdict.Met, 42d));
    }

    [Fact]
    public async Task Given_a_process_timeout_when_it_runs_longer_then_the_probe_is_no_data_with_the_reason()
    {
        using var loaded = files.LoadText(CtkFiles.Experiment($$"""[{{CtkFiles.Probe("slow", "0", """{"type": "process", "path": "sleep", "arguments": ["5"], "timeout": 0.3}""")}}]"""));

        var started = DateTime.UtcNow;
        var reading = await loaded.Definition.SteadyStateHypothesis.Probes.Single().ReadAsync(Token);

        reading.Verdict.ShouldBe(IndicatorVerdict.NoData);
        reading.Note.ShouldNotBeNull().ShouldContain("took too long");
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void Given_a_ref_then_it_names_a_method_activity_and_an_unknown_ref_is_refused()
    {
        var method = """[{"type": "action", "name": "touch", "provider": {"type": "process", "path": "true"}}, {"ref": "touch"}]""";
        using var loaded = files.LoadText(CtkFiles.Experiment($"[{CtkFiles.Probe("p", "0", CtkFiles.Sh("true"))}]", method));
        loaded.Definition.Method.Select(s => s.Name).ShouldBe(["touch", "touch"]);

        Should.Throw<InvalidExperimentException>(() => files.LoadText(CtkFiles.Experiment($"[{CtkFiles.Probe("p", "0", CtkFiles.Sh("true"))}]", """[{"ref": "nothing"}]""")))
            .Message.ShouldContain("'nothing' could not be found");
    }

    [Fact]
    public async Task Given_a_yaml_file_then_it_loads_like_json_with_yaml_types()
    {
        var path = files.Write("x.yaml", """
            title: From YAML
            description: d
            runtime:
              rollbacks:
                strategy: never
            configuration:
              limit: 2
            steady-state-hypothesis:
              title: h
              probes:
                - type: probe
                  name: count
                  tolerance: ${limit}
                  provider:
                    type: process
                    path: sh
                    arguments: ["-c", "exit 2"]
            method: []
            """);

        using var loaded = files.Load(path);

        loaded.Definition.Title.ShouldBe("From YAML");
        (await loaded.Definition.SteadyStateHypothesis.Probes.Single().ReadAsync(Token)).Verdict.ShouldBe(IndicatorVerdict.Met);
        loaded.Definition.Notes.ShouldContain(n => n.Contains("'never', which the harness overrides", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_no_hypothesis_or_a_skip_strategy_then_the_file_is_refused_because_no_verdict_can_be_decided()
    {
        Should.Throw<InvalidExperimentException>(() => files.LoadText("""{"title": "t", "description": "d", "method": []}""")).Message.ShouldContain("no steady-state hypothesis");
        Should.Throw<InvalidExperimentException>(() => files.LoadText(CtkFiles.Experiment($"[{CtkFiles.Probe("p", "0", CtkFiles.Sh("true"))}]", rest: """ "runtime": {"hypothesis": {"strategy": "skip"}}, """)))
            .Message.ShouldContain("skip");
    }
}
