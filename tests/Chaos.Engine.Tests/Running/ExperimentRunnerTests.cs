using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Engine.Definition;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Journal;
using Chaos.Engine.Lease;
using Chaos.Engine.Outcome;
using Chaos.Engine.Running;
using Chaos.Engine.Settings;
using Chaos.Engine.SteadyState;
using Chaos.Engine.Summary;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.Running;

/// <summary>
/// The engine end to end against moto: a definition run through a real session (SSM, STS, CloudWatch over HTTP), its
/// verdict decided by the outcome rules, the journal and summary.json written, and the parameter restored. The
/// hypothesis watches a metric the test writes itself, so each path (held, deviated after the method, a guard, an
/// invalid fault) is reached on purpose, at a time scale of 60 (a 5-minute window is 5 s).
/// </summary>
public sealed class ExperimentRunnerTests(MotoFixture moto) : IAsyncLifetime
{
    private const string Original = "{\"isEnabled\": false}";
    private readonly string parameter = $"runner-{Guid.NewGuid():N}";
    private readonly string metricNamespace = $"Test/{Guid.NewGuid():N}";
    private readonly string work = Directory.CreateTempSubdirectory("chaos-runner-").FullName;
    private readonly List<string> log = [];
    private StackSession? session;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private ChaosSettings Settings => session!.Settings;

    private string Function => $"fn-{parameter}";

    public async ValueTask InitializeAsync()
    {
        using var ssm = moto.Ssm();
        await ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = Original, Type = ParameterType.String }, Token);
        await MotoFunctions.RegisterAsync(moto.Endpoint, Function, parameter, cancellationToken: Token);
        session = await OpenAsync(Function);
    }

    private Task<StackSession> OpenAsync(string function, StatedFailureLambdaVersion? version = null) =>
        StackSession.OpenAsync(
            Stacks.On(moto, parameter, timeScale: 60, function: function) with { FailureLambdaVersion = version },
            new SessionOptions { ResultsDirectory = Path.Combine(work, "results"), LedgerDirectory = Path.Combine(work, "ledger"), UseWatchdog = false },
            Token);

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }

        Directory.Delete(work, recursive: true);
    }

    // Errors per window of a metric only this test writes; silence before the fault is accepted, declared.
    private Hypothesis Quiet => new("errors stay low", [new Indicator(
        "test-errors",
        TimeSpan.FromMinutes(5),
        [new MetricDataQuery { Id = "errors", ReturnData = true, MetricStat = new MetricStat { Metric = new Metric { Namespace = metricNamespace, MetricName = "Errors" }, Period = 300, Stat = "Sum" } }],
        "errors",
        Tolerance.Between(0, 5)) { WhenNoData = NoDataPolicy.Pass("nothing is written before the fault") }]);

    // What the fault "does" in this test: a burst of errors, stamped two seconds ago so that the next window holds it.
    private ActionStep Errors(double count) => Step.Action($"{count} errors happen", async (_, token) =>
    {
        using var cloudWatch = moto.CloudWatch();
        await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = metricNamespace,
            MetricData = [new MetricDatum { MetricName = "Errors", Value = count, Timestamp = DateTime.UtcNow.AddSeconds(-2), Unit = "Count" }],
        }, token);
        return $"{count} errors written";
    });

    private ExperimentDefinition Experiment(string title, params MethodStep[] method) => new(title, Quiet) { Method = method };

    // A fault whose effect this test does not look for in logs (no function runs here): evidence excused, visibly.
    private static InjectFaultStep Fault() =>
        Step.Inject(FailureLambdaFault.Exception("test", 0)) with { Evidence = EvidencePolicy.NotRequired("no function runs in this test") };

    // What failure-lambda 0.4.x writes when it injects, in the function's log group.
    private async Task LogInjectionAsync()
    {
        using var logs = new Chaos.Aws.Logs.AmazonCloudWatchLogsClient(new Chaos.Aws.Logs.AmazonCloudWatchLogsConfig { ServiceURL = moto.Endpoint.ToString(), Region = MotoFixture.Region }, MotoFixture.Credentials);
        var group = $"/aws/lambda/{Function}";
        await logs.CreateLogGroupAsync(new Chaos.Aws.Logs.Model.CreateLogGroupRequest { LogGroupName = group }, Token);
        await logs.CreateLogStreamAsync(new Chaos.Aws.Logs.Model.CreateLogStreamRequest { LogGroupName = group, LogStreamName = "2026/11/25/[$LATEST]abc" }, Token);
        await logs.PutLogEventsAsync(new Chaos.Aws.Logs.Model.PutLogEventsRequest { LogGroupName = group, LogStreamName = "2026/11/25/[$LATEST]abc", LogEvents = [new(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "2026-11-25T10:00:00.000Z\tabc\tINFO\tInjecting exception message: test")] }, Token);
    }

    private async Task<string?> ParameterAsync()
    {
        using var ssm = moto.Ssm();
        return (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, Token)).Parameter.Value;
    }

    private async Task ShouldBeCleanAsync()
    {
        (await ParameterAsync()).ShouldBe(Original);
        var ledger = Path.Combine(work, "ledger");
        (Directory.Exists(ledger) ? Directory.GetFiles(ledger, "*.json") : []).ShouldBeEmpty();
        using var ssm = moto.Ssm();
        (await new StackLease(ssm, StackLease.NameFor(parameter)).ReadAsync(Token)).ShouldBeNull();
    }

    [Fact]
    public async Task Given_an_after_check_that_deviates_and_no_guard_the_run_is_deviated_journalled_summarised_and_rolled_back()
    {
        // Given: a fault, then the errors it causes, and a pause with no guard.
        var definition = Experiment("Deviates after the method", Fault(), Errors(40), Step.Pause(TimeSpan.FromSeconds(6)));

        // When
        var result = await session!.RunAsync(definition, log.Add, Token);

        // Then: decided once, and everything downstream says the same.
        result.Verdict.ShouldBe(Verdict.Deviated, string.Join('\n', log));
        result.Outcome.Deciding.ShouldHaveSingleItem().Value.ShouldBe(40);
        var journal = JournalWriter.Read(result.JournalPath);
        (journal.Verdict, journal.Status, journal.Deviated).ShouldBe(("deviated", "completed", true));
        journal.SteadyStates.After.ShouldNotBeNull().SteadyStateMet.ShouldBeFalse();
        journal.Rollbacks.ShouldHaveSingleItem().Status.ShouldBe("succeeded");
        var entry = RunSummaryFile.Read(Path.Combine(work, "results")).ShouldNotBeNull().Experiments.ShouldHaveSingleItem();
        (entry.Verdict, entry.Journal).ShouldBe(("deviated", result.JournalPath));
        entry.Deciding.ShouldHaveSingleItem().ShouldStartWith("test-errors = 40");
        await ShouldBeCleanAsync();
    }

    [Fact]
    public async Task Given_a_guard_that_trips_during_the_pause_the_run_ends_early_as_deviated()
    {
        var definition = Experiment(
            "Guard trips",
            Fault(),
            Errors(80),
            Step.Pause(TimeSpan.FromMinutes(10), Guard.Above("test-errors", 50), sampleEvery: TimeSpan.FromSeconds(30)));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await session!.RunAsync(definition, log.Add, Token);

        result.Verdict.ShouldBe(Verdict.Deviated, string.Join('\n', log));
        result.Outcome.Reason.ShouldContain("guard 'test-errors above 50' tripped");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the 10-minute pause (10 s scaled) ended at the first sample");
        result.Journal.SteadyStates.After.ShouldBeNull();
        await ShouldBeCleanAsync();
    }

    [Fact]
    public async Task Given_a_quiet_system_the_run_holds_and_each_run_checks_its_own_before()
    {
        var first = await session!.RunAsync(Experiment("First", Fault(), Step.Pause(TimeSpan.FromSeconds(6))), log.Add, Token);
        var second = await session.RunAsync(Experiment("Second", Fault(), Step.Pause(TimeSpan.FromSeconds(6))), log.Add, Token);

        first.Verdict.ShouldBe(Verdict.Held, string.Join('\n', log));
        second.Verdict.ShouldBe(Verdict.Held);
        var firstRestored = first.Journal.Rollbacks.ShouldHaveSingleItem().End;
        second.Journal.SteadyStates.Before.ShouldNotBeNull().EvaluatedAt.ShouldBeGreaterThan(firstRestored, "the second run is checked after the first is rolled back");
        second.Journal.Run.First().Start.ShouldBeGreaterThan(firstRestored, "the second injection comes after the first rollback");
        RunSummaryFile.Read(Path.Combine(work, "results")).ShouldNotBeNull().Experiments.Select(e => e.Title).ShouldBe(["First", "Second"]);
        await ShouldBeCleanAsync();
    }

    [Fact]
    public async Task Given_an_invalid_fault_the_run_is_an_error_before_anything_is_touched()
    {
        var result = await session!.RunAsync(Experiment("Invalid", Step.Inject(FailureLambdaFault.Latency(5000, 3000, 0.5))), log.Add, Token);

        result.Verdict.ShouldBe(Verdict.Error);
        result.Outcome.Reason.ShouldContain("minLatency 5000 is greater than maxLatency 3000");
        result.Journal.SteadyStates.Before.ShouldBeNull("nothing was evaluated, let alone injected");
        result.Journal.Run.ShouldBeEmpty();
        await ShouldBeCleanAsync();
    }

    [Fact]
    public async Task Given_a_failing_step_after_the_injection_the_run_is_an_error_and_the_fault_is_still_rolled_back()
    {
        var definition = Experiment(
            "Step fails",
            Fault(),
            Step.Action("break", (_, _) => throw new InvalidOperationException("broken on purpose")));

        var result = await session!.RunAsync(definition, log.Add, Token);

        result.Verdict.ShouldBe(Verdict.Error);
        result.Outcome.Reason.ShouldContain("the method failed at 'break'");
        result.Outcome.Reason.ShouldContain("rolled back");
        await ShouldBeCleanAsync();
    }

    [Fact]
    public async Task Given_the_run_is_cancelled_during_the_pause_it_is_interrupted_and_rolled_back()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var definition = Experiment(
            "Cancelled",
            Fault(),
            Step.Action("press Ctrl+C", async (_, _) =>
            {
                await cancel.CancelAsync();
                return null;
            }),
            Step.Pause(TimeSpan.FromMinutes(10)));

        var result = await session!.RunAsync(definition, log.Add, cancel.Token);

        result.Verdict.ShouldBe(Verdict.Interrupted);
        result.Journal.Status.ShouldBe("interrupted");
        await ShouldBeCleanAsync();
    }

    [Fact]
    public async Task Given_a_fault_that_left_no_evidence_a_steady_after_check_is_inconclusive_not_held()
    {
        var result = await session!.RunAsync(Experiment("No evidence", Step.Inject(FailureLambdaFault.Exception("test", 0)), Step.Pause(TimeSpan.FromSeconds(6))), log.Add, Token);

        result.Verdict.ShouldBe(Verdict.Inconclusive, string.Join('\n', log));
        // Nothing says which failure-lambda the function wraps: the fault went in for both, and both kinds of line were looked for.
        result.Outcome.Reason.ShouldContain($"failure-lambda's 0.x's \"Injecting\" lines or 1.x's \"action\":\"inject\" lines in /aws/lambda/{Function}");
        result.Outcome.ExitCode.ShouldBe(2);
        result.Journal.Evidence.ShouldNotBeNull().Found.ShouldBeFalse();
        await ShouldBeCleanAsync();
    }

    [Fact]
    public async Task Given_failure_lambdas_own_lines_in_the_functions_log_the_run_holds_with_that_evidence()
    {
        var definition = Experiment("Evidence", Step.Inject(FailureLambdaFault.Exception("test", 0)), Step.Action("the function injects", async (_, _) => { await LogInjectionAsync(); return null; }), Step.Pause(TimeSpan.FromSeconds(6)));

        var result = await session!.RunAsync(definition, log.Add, Token);

        result.Verdict.ShouldBe(Verdict.Held, string.Join('\n', log));
        result.Outcome.Reason.ShouldContain("the fault took effect (1 injection line)");
        await ShouldBeCleanAsync();
    }

    public static TheoryData<string, Dictionary<string, string>?, bool, string> Refusals() => new()
    {
        { "wraps 1.x, which cannot express the fault", new() { ["AWS_LAMBDA_EXEC_WRAPPER"] = "/opt/failure-lambda-wrapper" }, true, "wraps failure-lambda 1.x (AWS_LAMBDA_EXEC_WRAPPER=/opt/failure-lambda-wrapper (the 1.x layer's wrapper)), and this fault, written for failure-lambda 0.x, cannot be expressed for it" },
        { "reads another parameter", new() { ["FAILURE_INJECTION_PARAM"] = "someOtherParameter" }, true, "reads FAILURE_INJECTION_PARAM=someOtherParameter, not" },
        { "reads AppConfig", new() { ["FAILURE_APPCONFIG_CONFIGURATION"] = "chaos" }, true, "reads its failure configuration from AppConfig (FAILURE_APPCONFIG_CONFIGURATION=chaos)" },
        { "switched off", new() { ["FAILURE_LAMBDA_DISABLED"] = "true" }, true, "failure-lambda is switched off" },
        { "no such parameter", null, false, "does not exist" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Given_a_function_that_would_not_see_the_fault_nothing_is_written_and_the_run_is_inconclusive(string why, Dictionary<string, string>? environment, bool parameterExists, string message)
    {
        // Given: a function configured so that a fault written to this parameter would never reach it.
        var function = $"fn-{Guid.NewGuid():N}";
        await MotoFunctions.RegisterAsync(moto.Endpoint, function, parameter, environment, Token);
        if (!parameterExists)
        {
            using var ssm = moto.Ssm();
            await ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = parameter }, Token);
        }

        await using var other = await OpenAsync(function);

        // When: a 0.x fault whose rate 1.x's whole percentages cannot carry.
        var fault = Step.Inject(FailureLambdaFault.Exception("test", 0.333)) with { Evidence = EvidencePolicy.NotRequired("no function runs in this test") };
        var result = await other.RunAsync(Experiment(why, fault, Step.Pause(TimeSpan.FromSeconds(6))), log.Add, Token);

        // Then
        result.Verdict.ShouldBe(Verdict.Inconclusive, string.Join('\n', log));
        result.Outcome.Reason.ShouldContain(message);
        result.Journal.Run.ShouldBeEmpty("nothing was injected");
        using var check = moto.Ssm();
        var value = parameterExists ? (await check.GetParameterAsync(new GetParameterRequest { Name = parameter }, Token)).Parameter.Value : null;
        value.ShouldBe(parameterExists ? Original : null, "the parameter is untouched (and not created)");
    }

    [Fact]
    public async Task Given_a_0x_setting_and_a_function_with_the_1x_layers_wrapper_nothing_is_written_and_both_versions_are_named()
    {
        var function = $"fn-{Guid.NewGuid():N}";
        await MotoFunctions.RegisterAsync(moto.Endpoint, function, parameter, new Dictionary<string, string> { ["AWS_LAMBDA_EXEC_WRAPPER"] = "/opt/failure-lambda-wrapper", ["FAILURE_CACHE_TTL"] = "30" }, Token);
        await using var other = await OpenAsync(function, StatedFailureLambdaVersion.Zero);

        var result = await other.RunAsync(Experiment("0.x setting", Fault(), Step.Pause(TimeSpan.FromSeconds(6))), log.Add, Token);

        result.Verdict.ShouldBe(Verdict.Inconclusive, string.Join('\n', log));
        result.Outcome.Reason.ShouldContain("CHAOS_FAILURE_LAMBDA_VERSION=0 says");
        result.Outcome.Reason.ShouldContain("but it wraps failure-lambda 1.x (AWS_LAMBDA_EXEC_WRAPPER=/opt/failure-lambda-wrapper");
        result.Journal.Run.ShouldBeEmpty("nothing was injected");
        (await ParameterAsync()).ShouldBe(Original);
    }

    [Fact]
    public async Task Given_a_fault_the_pause_starts_on_a_minute_boundary_so_the_after_window_is_the_faults_own()
    {
        // When: a pause of whole minutes (AWS time) as long as the indicators' window, under a fault.
        var result = await session!.RunAsync(Experiment("aligned", Fault(), Step.Pause(TimeSpan.FromSeconds(300))), log.Add, Token);

        // Then: the pause began on a minute boundary (1 s at a time scale of 60) after the injection, so the window the
        // after-check judged — ending at the last boundary before the pause ended — starts after the injection.
        var injected = result.Journal.Run.Single(a => a.Activity.Type == "action").End;
        var pause = result.Journal.Run.Single(a => a.Activity.Name == "Pause 300 s under load");
        (pause.Start.UtcTicks % TimeSpan.FromSeconds(1).Ticks).ShouldBeLessThan(TimeSpan.FromMilliseconds(300).Ticks, $"the pause started at {pause.Start:HH:mm:ss.fff}");
        var window = TimeSpan.FromSeconds(300 / 60.0);
        var after = result.Journal.SteadyStates.After.ShouldNotBeNull();
        (after.At - pause.End).ShouldBeLessThanOrEqualTo(TimeSpan.Zero);
        (after.At - window).ShouldBeGreaterThan(injected, $"the after-window {after.At - window:HH:mm:ss.fff}–{after.At:HH:mm:ss.fff} reaches back before the injection at {injected:HH:mm:ss.fff}");
        result.Journal.Run.ShouldContain(a => a.Activity.Name.EndsWith("so that the after-check's window holds only the fault", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_a_1x_function_the_0x_fault_is_written_as_its_1x_flag_and_the_pause_starts_after_the_cache_ttl()
    {
        // Given: a function with the 1.x layer's wrapper and a 30 s cache (0.5 s at a time scale of 60).
        var function = $"fn-{Guid.NewGuid():N}";
        await MotoFunctions.RegisterAsync(moto.Endpoint, function, parameter, new Dictionary<string, string> { ["AWS_LAMBDA_EXEC_WRAPPER"] = "/opt/failure-lambda-wrapper", ["FAILURE_CACHE_TTL"] = "30" }, Token);
        await using var other = await OpenAsync(function);
        string? seen = null;
        var read = Step.Action("read the parameter", async (_, _) => { seen = await ParameterAsync(); return seen; });

        // When
        var result = await other.RunAsync(Experiment("1.x", Fault(), read, Step.Pause(TimeSpan.FromSeconds(6))), log.Add, Token);

        // Then: 1.x's flag was written (no 0.x key), a wait for the cache came before the pause, the restore says when it
        // takes effect, and the parameter is back.
        result.Verdict.ShouldBe(Verdict.Held, string.Join('\n', log));
        seen.ShouldBe("{\"exception\":{\"enabled\":true,\"percentage\":0,\"exception_msg\":\"test\"}}");
        var names = result.Journal.Run.Select(a => a.Activity.Name).ToList();
        names.Count.ShouldBe(5, string.Join('\n', names));
        names[0].ShouldBe("Enable Lambda failure: EXCEPTION");
        names[1].ShouldBe("Wait 30 s (AWS time) for the fault to reach every warm container (failure-lambda 1.x's configuration cache)");
        names[2].ShouldBe("read the parameter");
        names[3].ShouldStartWith("Wait ");
        names[3].ShouldEndWith("so that the after-check's window holds only the fault");
        names[4].ShouldBe("Pause 6 s under load");
        result.Journal.Rollbacks.Single(r => r.Activity.Name == "Disable Lambda failures (restore the parameter's previous value)").Output.ShouldNotBeNull().ShouldContain("in effect in every warm container by");
        (await ParameterAsync()).ShouldBe(Original);
    }
}
