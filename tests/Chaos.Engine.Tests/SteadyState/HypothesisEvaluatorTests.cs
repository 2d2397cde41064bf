using Chaos.Aws.CloudWatch;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Engine.Settings;
using Chaos.Engine.SteadyState;
using Chaos.Testing;
using Microsoft.Extensions.Configuration.Memory;
using Shouldly;

namespace Chaos.Engine.Tests.SteadyState;

/// <summary>The seed's hypothesis evaluated against metrics the test puts into moto.</summary>
public sealed class HypothesisEvaluatorTests(MotoFixture moto)
{
    private const double Scale = 60; // 300 s windows become 5 s, so the test's data fits in a few seconds

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

    private async Task PutAsync(AmazonCloudWatchClient client, string ns, string metric, string dimension, string value, double count, DateTime at) =>
        await client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = ns,
            MetricData = [new MetricDatum { MetricName = metric, Dimensions = [new Dimension { Name = dimension, Value = value }], Value = count, Unit = "Count", Timestamp = at }],
        }, Token);

    [Fact]
    public async Task Given_the_seed_hypothesis_all_three_indicators_come_from_one_GetMetricData_call()
    {
        // Given: 40 in, 36 out, 32 DynamoDB writes, 4 errors in the last (scaled) 5 minutes.
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var client = moto.CloudWatch();
        var at = DateTime.UtcNow.AddSeconds(-2);
        await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.JsonQueueName, 40, at);
        await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.CsvQueueName, 36, at);
        await PutAsync(client, "ChaosTransformer", "SymbolWriteCount", "DynamoDBTable", stack.TableName, 32, at);
        await PutAsync(client, "AWS/Lambda", "Errors", "FunctionName", stack.FunctionName, 4, at);
        var before = client.RequestCount;

        // When
        var result = await new HypothesisEvaluator(client, Scale).EvaluateAsync(PipelineIndicators.SystemOperatingWithinNorms(stack), Token);

        // Then: ((80 - 68) / 80) * 100 = 15, 4 / 40 * 100 = 10 (outside [0, 5]); SNS no data read as 0 by declaration.
        (client.RequestCount - before).ShouldBe(1);
        result[PipelineIndicators.InFlight].Value.ShouldBe(15);
        result[PipelineIndicators.InFlight].Verdict.ShouldBe(IndicatorVerdict.Met);
        result[PipelineIndicators.InError].Value.ShouldBe(10);
        result[PipelineIndicators.InError].Verdict.ShouldBe(IndicatorVerdict.NotMet);
        result[PipelineIndicators.SnsErrors].Verdict.ShouldBe(IndicatorVerdict.Met);
        result[PipelineIndicators.SnsErrors].NoDataNote!.ShouldContain("read as 0");
        result.Met.ShouldBeFalse();
        result.Deviating.Select(r => r.Name).ShouldBe([PipelineIndicators.InError]);
        result[PipelineIndicators.InError].ToString().ShouldContain("normal-error-rates = 10, tolerance [0, 5], last 300 s AWS-equivalent (5 s scaled): NOT MET");
    }

    [Theory]
    [InlineData(50)]
    [InlineData(500)]
    [InlineData(950)]
    public async Task Given_a_metric_put_within_the_lag_it_is_not_counted_whatever_the_fraction_of_the_second(int milliseconds)
    {
        // Given: a steady second (10 in, 10 out, 10 writes) and, within the lag (1 s at scale 10), writes whose service
        // metrics are not in yet — as the function's own metric arrives before the queues'.
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var client = moto.CloudWatch();
        var second = DateTime.UtcNow.AddSeconds(-5);
        var now = new DateTimeOffset(second.Ticks - (second.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddMilliseconds(milliseconds);
        var steady = now.UtcDateTime.AddSeconds(-2);
        await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.JsonQueueName, 10, steady);
        await PutAsync(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", stack.CsvQueueName, 10, steady);
        await PutAsync(client, "ChaosTransformer", "SymbolWriteCount", "DynamoDBTable", stack.TableName, 10, steady);
        await PutAsync(client, "ChaosTransformer", "SymbolWriteCount", "DynamoDBTable", stack.TableName, 5, now.UtcDateTime.AddMilliseconds(-milliseconds - 10));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now);

        // When: evaluated at that moment, at scale 10.
        var result = await new HypothesisEvaluator(client, 10, clock).EvaluateAsync(new Hypothesis("in flight", [PipelineIndicators.PercentInFlight(stack)]), Token);

        // Then: the window ends a whole second at least the lag before now, and the early writes are not in it.
        result.At.ShouldBeLessThanOrEqualTo(now - TimeSpan.FromSeconds(1));
        (result.At.Ticks % TimeSpan.TicksPerSecond).ShouldBe(0);
        result[PipelineIndicators.InFlight].Value.ShouldBe(0, result.ToString());
    }

    [Fact]
    public async Task Given_no_data_the_indicator_says_so_and_fails_unless_it_declared_otherwise()
    {
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var client = moto.CloudWatch();

        var result = await new HypothesisEvaluator(client, Scale).EvaluateAsync(PipelineIndicators.SystemOperatingWithinNorms(stack), Token);

        result[PipelineIndicators.InError].Verdict.ShouldBe(IndicatorVerdict.NoData);
        result[PipelineIndicators.InError].Value.ShouldBeNull();
        result[PipelineIndicators.InError].Holds.ShouldBeFalse();
        result[PipelineIndicators.SnsErrors].Holds.ShouldBeTrue();
        result.Met.ShouldBeFalse();
    }

    [Fact]
    public async Task Given_a_pass_policy_no_data_holds_and_is_reported_as_no_data()
    {
        var stack = Stack(Guid.NewGuid().ToString("N")[..8]);
        using var client = moto.CloudWatch();
        var quiet = PipelineIndicators.PercentInError(stack) with { WhenNoData = NoDataPolicy.Pass("an idle pipeline has no errors") };

        var result = await new HypothesisEvaluator(client, Scale).EvaluateAsync(new Hypothesis("idle", [quiet]), Token);

        result.Results.ShouldHaveSingleItem().Verdict.ShouldBe(IndicatorVerdict.NoData);
        result.Met.ShouldBeTrue();
        result.ToString().ShouldContain("no data (accepted) — an idle pipeline has no errors");
    }

    [Fact]
    public async Task Given_a_window_that_does_not_divide_the_longest_the_hypothesis_is_refused()
    {
        var stack = Stack("abc");
        using var client = moto.CloudWatch();
        var odd = PipelineIndicators.PercentInError(stack) with { Window = TimeSpan.FromSeconds(400) };

        var error = await Should.ThrowAsync<ArgumentException>(() => new HypothesisEvaluator(client, 1).EvaluateAsync(new Hypothesis("odd", [PipelineIndicators.ZeroSnsErrors(stack), odd]), Token));

        error.Message.ShouldContain("must divide the longest");
    }
}
