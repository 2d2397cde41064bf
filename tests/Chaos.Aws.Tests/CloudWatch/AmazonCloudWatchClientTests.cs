using Chaos.Aws.CloudWatch;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Aws.Endpoints;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Aws.Tests.CloudWatch;

public sealed class AmazonCloudWatchClientTests(MotoFixture moto)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static DateTime Minute(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc);

    private static MetricDatum Datum(string name, string queue, DateTime at, double value) => new()
    {
        MetricName = name,
        Dimensions = [new Dimension { Name = "QueueName", Value = queue }],
        Timestamp = at,
        Value = value,
        Unit = "Count",
    };

    [Fact]
    public async Task Given_metrics_put_into_moto_GetMetricData_reads_them_back_per_period()
    {
        // Given
        using var client = moto.CloudWatch();
        var queue = $"q-{Guid.NewGuid():N}";
        var start = Minute(DateTime.UtcNow.AddMinutes(-10));
        await client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "AWS/SQS",
            MetricData = [Datum("NumberOfMessagesSent", queue, start.AddSeconds(10), 3), Datum("NumberOfMessagesSent", queue, start.AddSeconds(20), 4), Datum("NumberOfMessagesSent", queue, start.AddSeconds(70), 5)],
        }, Token);

        // When
        var answer = await client.GetAllMetricDataAsync(new GetMetricDataRequest
        {
            StartTime = start,
            EndTime = start.AddMinutes(5),
            ScanBy = "TimestampAscending",
            MetricDataQueries =
            [
                new MetricDataQuery
                {
                    Id = "sent",
                    MetricStat = new MetricStat
                    {
                        Metric = new Metric { Namespace = "AWS/SQS", MetricName = "NumberOfMessagesSent", Dimensions = [new Dimension { Name = "QueueName", Value = queue }] },
                        Period = 60,
                        Stat = "Sum",
                    },
                },
            ],
        }, Token);

        // Then
        var result = answer.MetricDataResults.ShouldHaveSingleItem();
        result.Id.ShouldBe("sent");
        result.Values.ShouldBe([7.0, 5.0]);
        result.Timestamps.ShouldBe([start, start.AddMinutes(1)]);
        client.RequestCount.ShouldBe(2);
    }

    [Fact]
    public async Task Given_metrics_put_into_moto_GetMetricStatistics_sums_them()
    {
        using var client = moto.CloudWatch();
        var queue = $"q-{Guid.NewGuid():N}";
        var start = Minute(DateTime.UtcNow.AddMinutes(-10));
        await client.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "AWS/SQS", MetricData = [Datum("NumberOfMessagesSent", queue, start.AddSeconds(5), 2), Datum("NumberOfMessagesSent", queue, start.AddSeconds(200), 9)] }, Token);

        var answer = await client.GetMetricStatisticsAsync(new GetMetricStatisticsRequest
        {
            Namespace = "AWS/SQS",
            MetricName = "NumberOfMessagesSent",
            Dimensions = [new Dimension { Name = "QueueName", Value = queue }],
            StartTime = start,
            EndTime = start.AddMinutes(9),
            Period = 900,
            Statistics = ["Sum", "Maximum"],
        }, Token);

        var point = answer.Datapoints.ShouldHaveSingleItem();
        point.Sum.ShouldBe(11);
        point.Maximum.ShouldBe(9);
    }

    [Fact]
    public async Task Given_an_invalid_request_the_AWS_error_becomes_a_typed_exception_without_retries()
    {
        using var client = moto.CloudWatch();
        var now = DateTime.UtcNow;

        var error = await Should.ThrowAsync<AmazonCloudWatchException>(() => client.GetMetricDataAsync(new GetMetricDataRequest
        {
            StartTime = now,
            EndTime = now.AddMinutes(-5),
            MetricDataQueries = [new MetricDataQuery { Id = "a", MetricStat = new MetricStat { Metric = new Metric { Namespace = "N", MetricName = "M" }, Period = 60, Stat = "Sum" } }],
        }, Token));

        error.ErrorCode.ShouldBe("ValidationError");
        error.ErrorMessage.ShouldContain("EndTime must be greater than StartTime");
        error.IsRetryable.ShouldBeFalse();
        client.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task Given_throttling_twice_the_call_is_retried_and_takes_effect()
    {
        using var transport = new ThrottlingTransport(failures: 2);
        using var client = moto.CloudWatch(transport);
        var queue = $"q-{Guid.NewGuid():N}";
        var at = Minute(DateTime.UtcNow.AddMinutes(-2));

        await client.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "AWS/SQS", MetricData = [Datum("NumberOfMessagesSent", queue, at.AddSeconds(5), 7)] }, Token);

        transport.Attempts.ShouldBe(3);
        client.RequestCount.ShouldBe(3);
        (await SumAsync(moto.CloudWatch(), queue, at)).ShouldBe(7, "the third attempt's datum is in CloudWatch");
    }

    [Fact]
    public async Task Given_throttling_that_persists_retries_are_bounded_and_the_code_surfaces()
    {
        using var transport = new ThrottlingTransport(failures: int.MaxValue);
        using var client = moto.CloudWatch(transport, maxErrorRetry: 3);

        var error = await Should.ThrowAsync<AmazonCloudWatchException>(() => client.DescribeAlarmsAsync(new DescribeAlarmsRequest(), Token));

        error.ErrorCode.ShouldBe("Throttling");
        error.ErrorMessage.ShouldBe("Rate exceeded");
        transport.Attempts.ShouldBe(4);
    }

    [Fact]
    public async Task Given_only_the_standard_environment_the_client_finds_moto_and_credentials_like_an_SDK_client()
    {
        // The fixture set AWS_ENDPOINT_URL, AWS_REGION and dummy keys, as the sandbox's env file does.
        using var client = new AmazonCloudWatchClient();
        var queue = $"q-{Guid.NewGuid():N}";
        var at = Minute(DateTime.UtcNow.AddMinutes(-2));

        await client.PutMetricDataAsync(new PutMetricDataRequest { Namespace = "AWS/SQS", MetricData = [Datum("NumberOfMessagesSent", queue, at.AddSeconds(5), 4)] }, Token);

        client.Endpoint.ShouldBe(new Uri(moto.Endpoint, "/"));
        (await SumAsync(client, queue, at)).ShouldBe(4, "a signed write and read through the environment's endpoint and keys");
    }

    [Fact]
    public void Without_a_service_URL_the_endpoint_comes_from_the_resolver_it_is_given()
    {
        var resolver = new AwsEndpointResolver(name => name == "AWS_ENDPOINT_URL_CLOUDWATCH" ? "http://127.0.0.1:9999" : null);

        new AmazonCloudWatchConfig { Endpoints = resolver }.ResolveEndpoint("eu-west-1").ShouldBe(new Uri("http://127.0.0.1:9999/"));
        new AmazonCloudWatchConfig { Endpoints = new AwsEndpointResolver(_ => null) }.ResolveEndpoint("eu-west-1").ShouldBe(new Uri("https://monitoring.eu-west-1.amazonaws.com/"));
    }

    private static async Task<double?> SumAsync(IAmazonCloudWatch client, string queue, DateTime minute)
    {
        using (client)
        {
            var answer = await client.GetAllMetricDataAsync(new GetMetricDataRequest
            {
                StartTime = minute,
                EndTime = minute.AddMinutes(1),
                MetricDataQueries =
                [
                    new MetricDataQuery
                    {
                        Id = "sent",
                        MetricStat = new MetricStat { Metric = new Metric { Namespace = "AWS/SQS", MetricName = "NumberOfMessagesSent", Dimensions = [new Dimension { Name = "QueueName", Value = queue }] }, Period = 60, Stat = "Sum" },
                    },
                ],
            }, Token);
            return answer.MetricDataResults.SingleOrDefault()?.Values.FirstOrDefault();
        }
    }
}
