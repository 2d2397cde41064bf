using Chaos.Aws.CloudWatch;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Aws.MetricMath;
using Chaos.Testing;
using Shouldly;

namespace Chaos.Aws.Tests.MetricMath;

/// <summary>
/// The workshop's two steady-state expressions, evaluated over series the test puts into moto and reads back
/// with one GetMetricData call, exactly as an indicator does.
/// </summary>
public sealed class WorkshopExpressionsTests(MotoFixture moto)
{
    private const string InFlight = "(((2*sqsInMsgCount) - (ddbWriteCount + sqsOutMsgCount)) / (2*sqsInMsgCount))*100";
    private const string InError = "(lambdaErrors / sqsInMsgCount)*100";

    // Written the way the workshop's steadyStateFlight.json and steadyStateError.json are, with placeholders.
    private const string QueryFile = """
        [
          { "Id": "pctFlight", "Expression": "(((2*sqsInMsgCount) - (ddbWriteCount + sqsOutMsgCount)) / (2*sqsInMsgCount))*100", "Label": "PercentInFlight" },
          { "Id": "pctError", "Expression": "(lambdaErrors / sqsInMsgCount)*100", "Label": "PercentInError" },
          { "Id": "sqsInMsgCount", "MetricStat": { "Metric": { "Namespace": "AWS/SQS", "MetricName": "NumberOfMessagesSent",
              "Dimensions": [ { "Name": "QueueName", "Value": "${CHAOS_JSON_QUEUE_NAME}" } ] }, "Period": 300, "Stat": "Sum", "Unit": "Count" }, "ReturnData": false },
          { "Id": "sqsOutMsgCount", "MetricStat": { "Metric": { "Namespace": "AWS/SQS", "MetricName": "NumberOfMessagesSent",
              "Dimensions": [ { "Name": "QueueName", "Value": "${SQS_QUEUE_NAME}" } ] }, "Period": 300, "Stat": "Sum", "Unit": "Count" }, "ReturnData": false },
          { "Id": "ddbWriteCount", "MetricStat": { "Metric": { "Namespace": "ChaosTransformer", "MetricName": "SymbolWriteCount",
              "Dimensions": [ { "Name": "DynamoDBTable", "Value": "${CHAOS_DYNAMODB_TABLE_NAME}" } ] }, "Period": 300, "Stat": "Sum", "Unit": "Count" }, "ReturnData": false },
          { "Id": "lambdaErrors", "MetricStat": { "Metric": { "Namespace": "AWS/Lambda", "MetricName": "Errors",
              "Dimensions": [ { "Name": "FunctionName", "Value": "${lambda_function}" } ] }, "Period": 300, "Stat": "Sum", "Unit": "Count" }, "ReturnData": false }
        ]
        """;

    [Fact]
    public async Task Given_counts_put_into_moto_the_workshop_expressions_give_the_hand_computed_percentages()
    {
        // Given: in one 5-minute window, 40 messages in (two batches), 35 out, 30 DynamoDB writes, 2 Lambda errors.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var names = new Dictionary<string, string>
        {
            ["CHAOS_JSON_QUEUE_NAME"] = $"chaos-json-work-queue-{suffix}",
            ["SQS_QUEUE_NAME"] = $"chaos-csv-work-queue-{suffix}",
            ["CHAOS_DYNAMODB_TABLE_NAME"] = $"chaos-data-{suffix}",
            ["lambda_function"] = $"ChaosTransformer-{suffix}",
        };
        var end = DateTime.UtcNow;
        var start = end.AddMinutes(-5);
        using var client = moto.CloudWatch();
        await Put(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", names["CHAOS_JSON_QUEUE_NAME"], start.AddSeconds(30), 25);
        await Put(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", names["CHAOS_JSON_QUEUE_NAME"], start.AddSeconds(200), 15);
        await Put(client, "AWS/SQS", "NumberOfMessagesSent", "QueueName", names["SQS_QUEUE_NAME"], start.AddSeconds(100), 35);
        await Put(client, "ChaosTransformer", "SymbolWriteCount", "DynamoDBTable", names["CHAOS_DYNAMODB_TABLE_NAME"], start.AddSeconds(120), 30);
        await Put(client, "AWS/Lambda", "Errors", "FunctionName", names["lambda_function"], start.AddSeconds(150), 2);
        var queries = MetricDataQueryFile.Parse(QueryFile, names);

        // When: one GetMetricData call for the raw series, then the expressions locally.
        var raw = await client.GetAllMetricDataAsync(new GetMetricDataRequest { StartTime = start, EndTime = end, MetricDataQueries = MetricMathEvaluator.RawQueries(queries) }, TestContext.Current.CancellationToken);
        var results = MetricMathEvaluator.Evaluate(queries, raw.MetricDataResults);

        // Then: ((80 - (30 + 35)) / 80) * 100 = 18.75 and (2 / 40) * 100 = 5.
        client.RequestCount.ShouldBe(6);
        queries.Single(q => q.Id == "pctFlight").Expression.ShouldBe(InFlight);
        queries.Single(q => q.Id == "pctError").Expression.ShouldBe(InError);
        results["pctFlight"].Latest.ShouldBe(18.75);
        results["pctError"].Latest.ShouldBe(5);
    }

    [Fact]
    public async Task Given_no_messages_in_the_window_the_percentages_have_no_value_not_zero()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var names = new Dictionary<string, string>
        {
            ["CHAOS_JSON_QUEUE_NAME"] = $"idle-json-{suffix}",
            ["SQS_QUEUE_NAME"] = $"idle-csv-{suffix}",
            ["CHAOS_DYNAMODB_TABLE_NAME"] = $"idle-data-{suffix}",
            ["lambda_function"] = $"Idle-{suffix}",
        };
        var end = DateTime.UtcNow;
        using var client = moto.CloudWatch();
        await Put(client, "AWS/Lambda", "Errors", "FunctionName", names["lambda_function"], end.AddMinutes(-2), 0);
        var queries = MetricDataQueryFile.Parse(QueryFile, names);

        var raw = await client.GetAllMetricDataAsync(new GetMetricDataRequest { StartTime = end.AddMinutes(-5), EndTime = end, MetricDataQueries = MetricMathEvaluator.RawQueries(queries) }, TestContext.Current.CancellationToken);
        var results = MetricMathEvaluator.Evaluate(queries, raw.MetricDataResults);

        results["pctError"].Latest.ShouldBeNull();
        results["pctFlight"].Latest.ShouldBeNull();
    }

    [Fact]
    public void Given_an_unknown_placeholder_the_query_file_is_refused_naming_it()
    {
        var error = Should.Throw<MetricMathException>(() => MetricDataQueryFile.Parse(QueryFile, new Dictionary<string, string> { ["SQS_QUEUE_NAME"] = "q" }));

        error.Message.ShouldContain("${CHAOS_JSON_QUEUE_NAME}");
        error.Message.ShouldContain("${lambda_function}");
    }

    private static Task Put(AmazonCloudWatchClient client, string ns, string metric, string dimension, string value, DateTime at, double count) =>
        client.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = ns,
            MetricData = [new MetricDatum { MetricName = metric, Dimensions = [new Dimension { Name = dimension, Value = value }], Timestamp = at, Value = count, Unit = "Count" }],
        }, TestContext.Current.CancellationToken);
}
