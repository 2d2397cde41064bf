using Amazon.SQS;
using Chaos.Aws.CloudWatch;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Sandbox.Metrics;
using Chaos.Sandbox.Provisioning;
using Chaos.Testing;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Chaos.Sandbox.Tests.Metrics;

/// <summary>
/// Service metrics as AWS publishes them: one datapoint per minute, visible only after the namespace's delay, an idle
/// queue silent after six hours — with a fake clock (scale 60: a minute is a second) and moto's CloudWatch.
/// </summary>
public sealed class ServiceMetricsPublisherTests(MotoFixture moto) : IAsyncLifetime
{
    private static readonly TimeScale Scale = new(60);
    private readonly StackNames names = StackNames.Random();
    private static readonly DateTimeOffset Start = RecentWholeSecond();
    private readonly FakeTimeProvider clock = new(Start);
    private AmazonSQSClient sqs = null!;
    private AmazonCloudWatchClient cloudWatch = null!;
    private ProvisionedStack stack = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // On a minute (a second here), in the recent past so that moto keeps the datapoints. Read once: two reads of the
    // wall clock can straddle a second.
    private static DateTimeOffset RecentWholeSecond()
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-10);
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    public async ValueTask InitializeAsync()
    {
        sqs = new AmazonSQSClient(MotoFixture.Credentials, new AmazonSQSConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = MotoFixture.Region });
        cloudWatch = moto.CloudWatch();
        var urls = new List<string>();
        foreach (var queue in new[] { names.JsonQueue, names.CsvQueue, names.ErrorQueue })
        {
            urls.Add((await sqs.CreateQueueAsync(queue, Token)).QueueUrl);
        }

        stack = new ProvisionedStack(names, MotoFixture.Region, urls[0], urls[2], urls[1], "arn:topic", "arn:function");
    }

    public ValueTask DisposeAsync()
    {
        sqs.Dispose();
        cloudWatch.Dispose();
        return ValueTask.CompletedTask;
    }

    private (ServiceMetrics Metrics, ServiceMetricsPublisher Publisher) Create(PublicationDelays delays)
    {
        var aggregator = new MetricAggregator(MetricMinute.For(Scale));
        var metrics = new ServiceMetrics(aggregator, names, clock);
        return (metrics, new ServiceMetricsPublisher(sqs, cloudWatch, stack, metrics, aggregator, delays, Scale, () => 0.5, clock));
    }

    private async Task<List<(DateTime At, double Value)>> ReadAsync(string ns, string metric, string dimension, string value)
    {
        var answer = await cloudWatch.GetAllMetricDataAsync(new GetMetricDataRequest
        {
            StartTime = Start.UtcDateTime.AddMinutes(-1),
            EndTime = Start.UtcDateTime.AddMinutes(5),
            ScanBy = "TimestampAscending",
            MetricDataQueries = [new MetricDataQuery { Id = "m", MetricStat = new MetricStat { Metric = new Metric { Namespace = ns, MetricName = metric, Dimensions = [new Dimension { Name = dimension, Value = value }] }, Period = 1, Stat = "Sum" } }],
        }, Token);
        var result = answer.MetricDataResults.Single();
        return [.. result.Timestamps.Zip(result.Values)];
    }

    [Fact]
    public async Task A_minute_of_invocations_becomes_one_datapoint_visible_only_after_its_minute_and_the_namespaces_delay()
    {
        // Given: AWS/Lambda published 60 s (AWS) after each minute ends; three invocations in the first minute.
        var (metrics, publisher) = Create(PublicationDelays.Parse(["AWS/Lambda=60s"]));
        clock.Advance(TimeSpan.FromMilliseconds(100));
        metrics.Invoked(120, error: false);
        metrics.Invoked(3000, error: true);
        metrics.Invoked(180, error: false);

        // When: the minute ends (1 s here), and the delay has not passed.
        clock.Advance(TimeSpan.FromSeconds(1.5));
        await publisher.TickAsync(Token);
        var early = await ReadAsync("AWS/Lambda", "Invocations", "FunctionName", names.Function);

        // When: the delay has passed.
        clock.Advance(TimeSpan.FromSeconds(1));
        await publisher.TickAsync(Token);
        var late = await ReadAsync("AWS/Lambda", "Invocations", "FunctionName", names.Function);

        // Then: nothing before, one datapoint of 3 stamped at the minute's start after.
        early.ShouldBeEmpty();
        late.ShouldBe([(Start.UtcDateTime, 3)]);
        (await ReadAsync("AWS/Lambda", "Errors", "FunctionName", names.Function)).ShouldBe([(Start.UtcDateTime, 1)]);
    }

    [Fact]
    public async Task With_no_delay_a_minute_is_visible_as_soon_as_it_ends_and_not_before()
    {
        var (metrics, publisher) = Create(PublicationDelays.Immediate);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        metrics.ObjectPublished();

        await publisher.TickAsync(Token);
        var during = await ReadAsync("AWS/SQS", "NumberOfMessagesSent", "QueueName", names.JsonQueue);
        clock.Advance(TimeSpan.FromSeconds(1));
        await publisher.TickAsync(Token);
        var after = await ReadAsync("AWS/SQS", "NumberOfMessagesSent", "QueueName", names.JsonQueue);

        // Then: the minute in progress has no datapoint (the one before it, a zero for the now active queue, may).
        during.ShouldNotContain(p => p.At >= Start.UtcDateTime);
        after.ShouldContain((Start.UtcDateTime, 1));
    }

    [Fact]
    public async Task An_active_queue_reports_zeros_every_minute_and_an_idle_empty_queue_goes_silent_after_six_hours()
    {
        // Given: the queues were just created (an action: active), nothing happens on the error queue.
        var (metrics, publisher) = Create(PublicationDelays.Immediate);
        metrics.Accessed(names.ErrorQueue);

        // When: the first minutes pass.
        for (var minute = 0; minute < 3; minute++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await publisher.TickAsync(Token);
        }

        var reported = await ReadAsync("AWS/SQS", "NumberOfMessagesSent", "QueueName", names.ErrorQueue);

        // When: six AWS hours pass without activity (six minutes here), then one more minute.
        clock.Advance(TimeSpan.FromSeconds(6 * 60));
        await publisher.TickAsync(Token);
        var before = (await ReadAsync("AWS/SQS", "NumberOfMessagesSent", "QueueName", names.ErrorQueue)).Count;
        clock.Advance(TimeSpan.FromSeconds(1));
        await publisher.TickAsync(Token);
        clock.Advance(TimeSpan.FromSeconds(1));
        await publisher.TickAsync(Token);

        // Then: zeros while active, nothing more once idle.
        reported.Count.ShouldBeGreaterThanOrEqualTo(2);
        reported.ShouldAllBe(p => p.Value == 0);
        (await ReadAsync("AWS/SQS", "NumberOfMessagesSent", "QueueName", names.ErrorQueue)).Count.ShouldBe(before);
    }

    [Fact]
    public void Delays_are_read_per_namespace_and_refused_when_malformed()
    {
        var delays = PublicationDelays.Parse(["AWS/SQS=120s±10s", "AWS/SNS=30s"]);

        delays.For("AWS/SQS").ShouldBe(new PublicationDelay(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(10)));
        delays.For("AWS/SNS").ShouldBe(new PublicationDelay(TimeSpan.FromSeconds(30), TimeSpan.Zero));
        delays.For("AWS/Lambda").ShouldBe(PublicationDelays.Default.For("AWS/Lambda"));
        delays.For("ChaosTransformer").ShouldBe(PublicationDelay.None);
        PublicationDelays.Parse(["none"]).Longest.ShouldBe(TimeSpan.Zero);
        Should.Throw<FormatException>(() => PublicationDelays.Parse(["AWS/SQS=soon"])).Message.ShouldContain("AWS/SQS=90s");
    }
}
