using System.Net;
using System.Text;
using Chaos.Aws.CloudWatch;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Engine.Settings;
using Chaos.Engine.SteadyState;
using Chaos.Testing;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Chaos.Engine.Tests.SteadyState;

/// <summary>
/// The evaluator against metrics the test puts into moto, per minute, as AWS's services publish them — some of them late,
/// as AWS's are. At scale 60 a minute is a second, the default lag (180 s) three seconds and a 300 s window five.
/// </summary>
public sealed class HypothesisEvaluatorTests(MotoFixture moto)
{
    private const double Scale = 60;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ChaosSettings Stack(string suffix) => ChaosSettingsLoader.Load(new MemoryConfigurationSource
    {
        InitialData = new Dictionary<string, string?>
        {
            ["S3_BUCKET_NAME"] = $"chaos-bucket-{suffix}",
            ["SNS_TOPIC_NAME"] = $"chaos-csv-notification-topic-{suffix}",
            ["LAMBDA_FUNCTION_NAME"] = $"ChaosTransformer-{suffix}",
            ["SQS_QUEUE_NAME"] = $"chaos-csv-work-queue-{suffix}",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1",
            ["CHAOS_TIME_SCALE"] = Scale.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    });

    // "Now" for a test: a whole second (a scaled minute) plus half, so minute boundaries are where the test expects them.
    private static DateTimeOffset Now()
    {
        var real = DateTimeOffset.UtcNow;
        return new DateTimeOffset(real.UtcTicks - (real.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddMilliseconds(500);
    }

    private async Task PutAsync(AmazonCloudWatchClient client, string ns, string metric, string dimension, string value, double count, DateTimeOffset minute) =>
        await client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = ns,
            MetricData = [new MetricDatum { MetricName = metric, Dimensions = [new Dimension { Name = dimension, Value = value }], Value = count, Unit = "Count", Timestamp = minute.UtcDateTime }],
        }, Token);

    // A steady pipeline, minute by minute: 20 in and 20 out per minute, 20 DynamoDB write counts (one per message), 1 error.
    // The queues' metrics stop <paramref name="sqsLate"/> scaled minutes before now (not published yet); the function's own metric does not.
    private async Task SteadyPipelineAsync(AmazonCloudWatchClient client, ChaosSettings stack, DateTimeOffset now, int sqsLate)
    {
        var current = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        for (var minute = 1; minute <= 12; minute++)
        {
            var at = current.AddSeconds(-minute);
            await PutAsync(client, "ChaosTransformer", "SymbolWriteCount", "DynamoDBTable", stack.TableName, 20, at);
            await PutAsync(client, "AWS/Lambda", "Errors", "FunctionName", stack.FunctionShortName, 1, at);
            if (minute > sqsLate)
            {
                await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.JsonQueueName, 20, at);
                await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.CsvQueueName, 20, at);
            }
        }
    }

    [Fact]
    public async Task Given_per_minute_data_the_seed_hypothesis_comes_from_one_GetMetricData_call_over_a_window_ending_a_lag_before_now()
    {
        // Given: five minutes of 20 in, 18 out, 18 write counts, 2 errors (and other minutes around them).
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var client = moto.CloudWatch();
        var now = Now();
        var end = now.AddMilliseconds(-500).AddSeconds(-3); // now − 180 s AWS, on a (scaled) minute
        for (var minute = 1; minute <= 5; minute++)
        {
            var at = end.AddSeconds(-minute);
            await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.JsonQueueName, 20, at);
            await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.CsvQueueName, 18, at);
            await PutAsync(client, "ChaosTransformer", "SymbolWriteCount", "DynamoDBTable", stack.TableName, 18, at);
            await PutAsync(client, "AWS/Lambda", "Errors", "FunctionName", stack.FunctionShortName, 2, at);
        }

        await PutAsync(client, "AWS/Lambda", "Errors", "FunctionName", stack.FunctionShortName, 99, end); // inside the lag: not counted
        var before = client.RequestCount;

        // When
        var result = await new HypothesisEvaluator(client, Scale, new FakeTimeProvider(now)).EvaluateAsync(PipelineIndicators.SystemOperatingWithinNorms(stack), Token);

        // Then: ((200 - (90 + 90)) / 200) * 100 = 10; 10 / 100 * 100 = 10 (outside [0, 5]); SNS silent, read as 0 by declaration.
        (client.RequestCount - before).ShouldBe(1);
        result.At.ShouldBe(end);
        result.IsComplete.ShouldBeTrue();
        result[PipelineIndicators.InFlight].Value.ShouldBe(10);
        result[PipelineIndicators.InError].Value.ShouldBe(10);
        result[PipelineIndicators.InError].Verdict.ShouldBe(IndicatorVerdict.NotMet);
        result[PipelineIndicators.SnsErrors].NoDataNote!.ShouldContain("read as 0");
        result.Deviating.Select(r => r.Name).ShouldBe([PipelineIndicators.InError]);
        result[PipelineIndicators.InError].ToString().ShouldContain("normal-error-rates = 10, tolerance [0, 5], last 300 s AWS-equivalent (5 s scaled): NOT MET");
    }

    [Fact]
    public async Task Given_the_queues_metrics_two_minutes_late_a_healthy_pipeline_is_steady_and_the_old_window_end_was_not()
    {
        // Given: the queues' metrics arrive 2 minutes late (AWS time), the function's own at once — as on AWS and in the sandbox.
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var client = moto.CloudWatch();
        var now = Now();
        await SteadyPipelineAsync(client, stack, now, sqsLate: 2);
        var hypothesis = new Hypothesis("in flight", [PipelineIndicators.PercentInFlight(stack)]);

        // When: the default lag, and the old one (10 s: the newest minutes of the queues missing).
        var steady = await new HypothesisEvaluator(client, Scale, new FakeTimeProvider(now)).EvaluateAsync(hypothesis, Token);
        var old = await new HypothesisEvaluator(client, Scale, new FakeTimeProvider(now), new EvaluationOptions { MetricLag = TimeSpan.FromSeconds(10) }).EvaluateAsync(hypothesis, Token);

        // Then
        steady.Met.ShouldBeTrue(steady.ToString());
        steady[PipelineIndicators.InFlight].Value.ShouldBe(0);
        old.Met.ShouldBeFalse(old.ToString());
        old.Incomplete.Count.ShouldBe(2);
        old.Incomplete.ShouldContain(m => m.StartsWith($"AWS/SQS NumberOfMessagesSent (QueueName={stack.JsonQueueName}) has no datapoint yet", StringComparison.Ordinal));
        old[PipelineIndicators.InFlight].NoDataNote!.ShouldStartWith("incomplete");
    }

    [Fact]
    public async Task Given_a_window_whose_newest_minute_is_still_missing_it_is_waited_for_and_judged_once_complete()
    {
        // Given: the window's newest minute of the JSON queue is not in.
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var client = moto.CloudWatch();
        var now = Now();
        await SteadyPipelineAsync(client, stack, now, sqsLate: 4);
        var clock = new FakeTimeProvider(now);
        var evaluator = new HypothesisEvaluator(client, Scale, clock);
        var end = evaluator.NewestWindowEnd();

        // When: it is evaluated with patience, and the missing minute arrives while it waits.
        var evaluation = evaluator.EvaluateWindowAsync(new Hypothesis("in flight", [PipelineIndicators.PercentInFlight(stack)]), end, TimeSpan.FromMinutes(5), Token);
        await Task.Delay(200, Token);
        evaluation.IsCompleted.ShouldBeFalse("the window is incomplete: the evaluation waits");
        await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.JsonQueueName, 20, end.AddSeconds(-1));
        await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.CsvQueueName, 20, end.AddSeconds(-1));

        while (!evaluation.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(0.25));
            await Task.Delay(20, Token);
        }

        // Then
        var result = await evaluation;
        result.IsComplete.ShouldBeTrue();
        result.Waited.ShouldBeGreaterThan(TimeSpan.Zero);
        result[PipelineIndicators.InFlight].Value.ShouldBe(0);
    }

    [Fact]
    public async Task Given_a_window_that_stays_incomplete_the_wait_is_bounded_and_the_indicator_has_no_data_with_the_reason()
    {
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var client = moto.CloudWatch();
        var now = Now();
        await SteadyPipelineAsync(client, stack, now, sqsLate: 6);
        var clock = new FakeTimeProvider(now);
        var evaluator = new HypothesisEvaluator(client, Scale, clock);

        var evaluation = evaluator.EvaluateWindowAsync(new Hypothesis("in flight", [PipelineIndicators.PercentInFlight(stack)]), evaluator.NewestWindowEnd(), TimeSpan.FromSeconds(60), Token);
        while (!evaluation.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(0.25));
            await Task.Delay(20, Token);
        }

        var result = await evaluation;
        result[PipelineIndicators.InFlight].Verdict.ShouldBe(IndicatorVerdict.NoData);
        result[PipelineIndicators.InFlight].Holds.ShouldBeFalse();
        // The bound was honoured (at least 60 s; the fake clock runs on while a read is in flight, so a loaded machine
        // sees more), and the reason names each series that had no datapoint for the window's last minute.
        var note = result[PipelineIndicators.InFlight].NoDataNote!;
        var waited = System.Text.RegularExpressions.Regex.Match(note, "^incomplete after waiting ([0-9]+) s");
        waited.Success.ShouldBeTrue(note);
        int.Parse(waited.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(60);
        result.Waited.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(60 / Scale));
        note[waited.Length..].ShouldBe($" (AWS time): AWS/SQS NumberOfMessagesSent (QueueName={stack.JsonQueueName}) has no datapoint yet for the minute ending {result.At:HH:mm:ss}; AWS/SQS NumberOfMessagesSent (QueueName={stack.CsvQueueName}) has no datapoint yet for the minute ending {result.At:HH:mm:ss}");
    }

    [Fact]
    public async Task Given_an_error_status_in_the_answer_the_read_is_retried_then_an_error_never_no_data()
    {
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var transport = new CannedTransport("""{"MetricDataResults":[{"Id":"m0","StatusCode":"InternalError","Timestamps":[],"Values":[]}],"Messages":[{"Code":"InternalError","Value":"try again"}]}""");
        using var client = moto.CloudWatch(transport);

        var error = await Should.ThrowAsync<MetricDataException>(() => new HypothesisEvaluator(client, Scale, new FakeTimeProvider(Now())).EvaluateAsync(new Hypothesis("errors", [PipelineIndicators.PercentInError(stack)]), Token));

        transport.Calls.ShouldBe(3);
        error.Message.ShouldContain("InternalError");
        error.Message.ShouldContain("try again");
    }

    [Fact]
    public async Task Given_no_data_the_indicator_says_so_and_fails_unless_it_declared_otherwise()
    {
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var client = moto.CloudWatch();
        var quiet = PipelineIndicators.PercentInError(stack) with { Name = "quiet", WhenNoData = NoDataPolicy.Pass("an idle pipeline has no errors") };

        var result = await new HypothesisEvaluator(client, Scale, new FakeTimeProvider(Now())).EvaluateAsync(new Hypothesis("idle", [PipelineIndicators.PercentInError(stack), quiet]), Token);

        result[PipelineIndicators.InError].Verdict.ShouldBe(IndicatorVerdict.NoData);
        result[PipelineIndicators.InError].Holds.ShouldBeFalse();
        result["quiet"].Holds.ShouldBeTrue();
        result["quiet"].ToString().ShouldContain("no data (accepted) — an idle pipeline has no errors");
    }

    [Fact]
    public async Task Given_a_custom_metric_with_no_datapoint_in_the_window_the_no_data_names_it()
    {
        // Given: the queues report, but no write succeeded, so the function put no SymbolWriteCount (exp_2 under a full denylist).
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var client = moto.CloudWatch();
        var current = new DateTimeOffset(Now().UtcTicks - (Now().UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        for (var minute = 1; minute <= 12; minute++)
        {
            await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.JsonQueueName, 20, current.AddSeconds(-minute));
            await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.CsvQueueName, 20, current.AddSeconds(-minute));
        }

        // When
        var result = await new HypothesisEvaluator(client, Scale, new FakeTimeProvider(Now())).EvaluateAsync(new Hypothesis("in flight", [PipelineIndicators.PercentInFlight(stack)]), Token);

        // Then
        var inFlight = result[PipelineIndicators.InFlight];
        inFlight.Verdict.ShouldBe(IndicatorVerdict.NoData);
        inFlight.NoDataNote.ShouldNotBeNull().ShouldEndWith($"(no datapoint in the window: ChaosTransformer SymbolWriteCount (DynamoDBTable={stack.TableName}))");
    }

    [Theory]
    [InlineData("p99", 300, "statistic 'p99' cannot be judged from per-minute data")]
    [InlineData("Sum", 90, "period 90 s must be a whole number of minutes that divides the window")]
    public void What_cannot_be_judged_per_minute_is_refused_before_anything_runs(string statistic, int period, string message)
    {
        var stack = Stack("abc");
        var odd = PipelineIndicators.PercentInError(stack);
        odd.Queries.First(q => q.Id == "lambdaErrors").MetricStat!.Stat = statistic;
        odd.Queries.First(q => q.Id == "lambdaErrors").MetricStat!.Period = period;

        Should.Throw<ArgumentException>(() => HypothesisEvaluator.Validate(new Hypothesis("odd", [odd]))).Message.ShouldContain(message);
    }

    /// <summary>A CloudWatch that answers every call with the same body (what moto cannot be made to do: an error status).</summary>
    private sealed class CannedTransport(string body) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.0") });
        }
    }
}
