using System.Text.Json;
using Amazon.SQS.Model;
using Chaos.Sandbox.FailureLambda.V1;
using Shouldly;

namespace Chaos.Sandbox.Tests.FailureLambda.V1;

/// <summary>
/// The layer's rolls (layer/proxy/src/proxy.rs): match first, then one draw per flag against its own percentage, in
/// the fixed mode order, a terminating mode ending it; with the draws as a queue (the only double here).
/// </summary>
public sealed class LayerDeciderTests
{
    private static readonly string SqsEventJson = SqsEvent.Render(
        new Message { MessageId = "m-1", ReceiptHandle = "r-1", Body = "{\"Records\":[]}", MD5OfBody = "0" },
        SqsEvent.QueueArn("http://127.0.0.1:5000/123456789012/chaos-json-work-queue-ab12", "arn:aws:lambda:us-east-1:123456789012:function:ChaosTransformer-ab12"),
        "us-east-1");

    private static IReadOnlyList<ResolvedFailure> Resolve(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FlagsParser.Parse(document.RootElement, _ => { }).Resolve();
    }

    private static LayerPlan Decide(string json, DrawQueue draws)
    {
        using var @event = JsonDocument.Parse(SqsEventJson);
        return new LayerDecider(draws.Next).Decide(Resolve(json), @event.RootElement);
    }

    [Fact]
    public void Each_flag_rolls_its_own_percentage_and_latency_draws_its_delay_after_its_roll()
    {
        var draws = new DrawQueue(0.49, 0.25, 0.5);

        var plan = Decide("{\"denylist\": {\"enabled\": true, \"percentage\": 50, \"deny_list\": [\"dynamodb\"]}, \"latency\": {\"enabled\": true, \"percentage\": 50, \"min_latency\": 3000, \"max_latency\": 5000}}", draws);

        plan.PreHandler.ShouldHaveSingleItem().Latency.ShouldBe(TimeSpan.FromMilliseconds(3500), "roll 49 < 50 fires latency: 3000 + 0.25 * 2000; roll 50 >= 50 skips denylist");
        draws.Left.ShouldBe(0);
    }

    [Theory]
    [InlineData(0, 0.0, false)]
    [InlineData(1, 0.0, true)]
    [InlineData(1, 0.01, false)]
    [InlineData(100, 0.999, true)]
    public void A_roll_fires_only_below_the_percentage(int percentage, double draw, bool fires)
    {
        var plan = Decide($"{{\"statuscode\": {{\"enabled\": true, \"percentage\": {percentage}, \"status_code\": 503}}}}", new DrawQueue(draw));

        (plan.Terminating is not null).ShouldBe(fires);
    }

    [Fact]
    public void Modes_apply_in_the_fixed_order_and_a_terminating_one_ends_the_rolls()
    {
        // Keys in reverse order. Exception fires and ends the invocation: corruption is not kept for after the handler.
        var plan = Decide(
            "{\"corruption\": {\"enabled\": true}, \"exception\": {\"enabled\": true}, \"statuscode\": {\"enabled\": true, \"percentage\": 0}, \"diskspace\": {\"enabled\": true}, \"latency\": {\"enabled\": true, \"min_latency\": 10, \"max_latency\": 10}}",
            new DrawQueue(0.1, 0.0, 0.2, 0.3, 0.4));

        plan.PreHandler.Select(f => f.Mode).ShouldBe(["latency", "diskspace", "exception"]);
        plan.Terminating!.Mode.ShouldBe("exception");
        plan.PostHandler.ShouldBeEmpty();
    }

    [Fact]
    public void Corruption_is_left_for_after_the_handler_and_rolled_then()
    {
        var draws = new DrawQueue(0.3, 0.9);
        using var @event = JsonDocument.Parse(SqsEventJson);
        var decider = new LayerDecider(draws.Next);

        var plan = decider.Decide(Resolve("{\"corruption\": {\"enabled\": true, \"percentage\": 50, \"body\": \"x\"}}"), @event.RootElement);

        plan.PreHandler.ShouldBeEmpty();
        draws.Left.ShouldBe(2, "nothing is rolled before the handler");
        decider.Corruptions(plan, @event.RootElement).ShouldHaveSingleItem().Mode.ShouldBe("corruption");
        decider.Corruptions(plan, @event.RootElement).ShouldBeEmpty("roll 90 >= 50");
    }

    [Theory]
    [InlineData("{\"path\": \"Records\", \"operator\": \"exists\"}", true)]
    [InlineData("{\"path\": \"Records\", \"operator\": \"regex\", \"value\": \"\\\"eventSource\\\":\\\"aws:sqs\\\"\"}", true)]
    [InlineData("{\"path\": \"Records\", \"operator\": \"regex\", \"value\": \"^\\\\[\\\\{\\\"attributes\\\"\"}", true)]
    [InlineData("{\"path\": \"Records\", \"operator\": \"startsWith\", \"value\": \"[{\"}", true)]
    [InlineData("{\"path\": \"Records.0.eventSource\", \"value\": \"aws:sqs\"}", false)]
    [InlineData("{\"path\": \"Records.0.eventSource\", \"operator\": \"exists\"}", false)]
    [InlineData("{\"path\": \"requestContext.http.method\", \"value\": \"GET\"}", false)]
    public void Matching_against_the_SQS_event_reaches_Records_but_not_into_it(string condition, bool matches)
    {
        // layer/proxy/src/failures.rs get_nested_value resolves parts in objects only; Records is an array, whose JSON
        // text (keys sorted, as serde_json's map keeps them) is what the other operators compare. A condition that does
        // not hold costs no draw.
        var draws = new DrawQueue(0.0);

        var plan = Decide($"{{\"statuscode\": {{\"enabled\": true, \"match\": [{condition}]}}}}", draws);

        plan.PreHandler.Count.ShouldBe(matches ? 1 : 0);
        draws.Left.ShouldBe(matches ? 0 : 1);
    }

    [Fact]
    public void Every_condition_must_hold()
    {
        var plan = Decide("{\"statuscode\": {\"enabled\": true, \"match\": [{\"path\": \"Records\", \"operator\": \"exists\"}, {\"path\": \"Records\", \"value\": \"[]\"}]}}", new DrawQueue(0.0));

        plan.PreHandler.ShouldBeEmpty();
    }

    [Fact]
    public void The_event_is_the_one_Lambdas_SQS_mapping_delivers()
    {
        using var @event = JsonDocument.Parse(SqsEventJson);
        var record = @event.RootElement.GetProperty("Records")[0];

        record.GetProperty("eventSource").GetString().ShouldBe("aws:sqs");
        record.GetProperty("eventSourceARN").GetString().ShouldBe("arn:aws:sqs:us-east-1:123456789012:chaos-json-work-queue-ab12");
        record.GetProperty("body").GetString().ShouldBe("{\"Records\":[]}");
        record.GetProperty("messageId").GetString().ShouldBe("m-1");
    }
}
