using System.Text.Json.Nodes;
using Chaos.Engine.ChaosToolkit;
using Chaos.Engine.SteadyState;
using Shouldly;

namespace Chaos.Engine.Tests.ChaosToolkit;

/// <summary>chaostoolkit-lib's within_tolerance, kind by kind, and where the harness says "no data" instead.</summary>
public sealed class ToleranceJudgeTests
{
    private static readonly Substitution Values = Substitution.Of(new Dictionary<string, JsonNode?> { ["limit"] = 5, ["word"] = "ok" }, []);

    private static IndicatorVerdict Judge(string tolerance, string output) =>
        new ToleranceJudge(JsonNode.Parse(tolerance), Values).JudgeAsync(JsonNode.Parse(output), CancellationToken.None).GetAwaiter().GetResult().Verdict;

    private static JsonNode Process(int status, string stdout) => new JsonObject { ["status"] = status, ["stdout"] = stdout, ["stderr"] = string.Empty };

    [Fact]
    public void Given_a_bool_tolerance_then_the_output_must_equal_it_the_python_way() =>
        (Judge("true", "true"), Judge("true", "1"), Judge("true", "false")).ShouldBe((IndicatorVerdict.Met, IndicatorVerdict.Met, IndicatorVerdict.NotMet));

    [Fact]
    public void Given_an_int_tolerance_then_a_process_is_judged_by_its_status_and_a_value_by_itself()
    {
        (Judge("0", Process(0, "x").ToJsonString()), Judge("0", Process(2, "x").ToJsonString())).ShouldBe((IndicatorVerdict.Met, IndicatorVerdict.NotMet));
        (Judge("0", "0.0"), Judge("3", "4")).ShouldBe((IndicatorVerdict.Met, IndicatorVerdict.NotMet));
    }

    [Fact]
    public void Given_a_two_item_list_then_a_value_is_in_an_inclusive_range_but_a_process_status_is_a_membership()
    {
        (Judge("[0, 5]", "5"), Judge("[0, 5]", "5.01"), Judge("[0, 5]", "0")).ShouldBe((IndicatorVerdict.Met, IndicatorVerdict.NotMet, IndicatorVerdict.Met));

        // [0, 2] on a process: status 1 is not in the list, although it is between.
        Judge("[0, 2]", Process(1, "x").ToJsonString()).ShouldBe(IndicatorVerdict.NotMet);
    }

    [Fact]
    public void Given_a_longer_list_then_the_output_must_be_a_member() =>
        (Judge("""["a", "b", "c"]""", "\"b\""), Judge("""["a", "b", "c"]""", "\"z\"")).ShouldBe((IndicatorVerdict.Met, IndicatorVerdict.NotMet));

    [Fact]
    public async Task Given_a_range_on_stdout_then_the_text_is_read_as_a_decimal_and_its_value_kept()
    {
        var judge = new ToleranceJudge(JsonNode.Parse("""{"type": "range", "range": [0.0, 5.0], "target": "stdout"}"""), Values);

        var inside = await judge.JudgeAsync(Process(0, " 3.5\n"), CancellationToken.None);
        var outside = await judge.JudgeAsync(Process(0, "51.667\n"), CancellationToken.None);

        (inside.Verdict, inside.Value).ShouldBe((IndicatorVerdict.Met, 3.5));
        (outside.Verdict, outside.Value).ShouldBe((IndicatorVerdict.NotMet, 51.667));
        judge.Describe().ShouldBe(Tolerance.Between(0, 5));
    }

    [Fact]
    public async Task Given_a_range_on_the_aws_clis_null_then_it_is_no_data_not_a_pass()
    {
        var judge = new ToleranceJudge(JsonNode.Parse("""{"type": "range", "range": [0.0, 80.0], "target": "stdout"}"""), Values);

        var reading = await judge.JudgeAsync(Process(0, "null\n"), CancellationToken.None);

        reading.Verdict.ShouldBe(IndicatorVerdict.NoData);
        reading.Note.ShouldNotBeNull().ShouldContain("no datapoint");
    }

    [Fact]
    public void Given_a_range_on_text_that_is_not_a_number_then_it_is_not_met_as_in_chaos_toolkit() =>
        Judge("""{"type": "range", "range": [0, 5], "target": "stdout"}""", Process(1, "An error occurred\n").ToJsonString()).ShouldBe(IndicatorVerdict.NotMet);

    [Fact]
    public void Given_a_regex_then_it_is_searched_in_the_target_with_pythons_named_groups() =>
        (Judge("""{"type": "regex", "pattern": "(?P<v>o+)k", "target": "stdout"}""", Process(0, "all ook").ToJsonString()),
         Judge("""{"type": "regex", "pattern": "^${word}$"}""", "\"ok\""),
         Judge("""{"type": "regex", "pattern": "^fail"}""", "\"ok\"")).ShouldBe((IndicatorVerdict.Met, IndicatorVerdict.Met, IndicatorVerdict.NotMet));

    [Fact]
    public void Given_a_jsonpath_then_matches_count_and_expect_are_checked_in_json_text_too()
    {
        var body = """{"status": 200, "body": "{\"items\": [{\"state\": \"up\"}, {\"state\": \"up\"}]}"}""";
        Judge("""{"type": "jsonpath", "path": "$.items[*].state", "target": "body", "expect": ["up", "up"]}""", body).ShouldBe(IndicatorVerdict.Met);
        Judge("""{"type": "jsonpath", "path": "$.items[*].state", "target": "body", "count": 3}""", body).ShouldBe(IndicatorVerdict.NotMet);
        Judge("""{"type": "jsonpath", "path": "$.items[0].state", "target": "body", "expect": "down"}""", body).ShouldBe(IndicatorVerdict.NotMet);
        Judge("""{"type": "jsonpath", "path": "$.missing"}""", """{"a": 1}""").ShouldBe(IndicatorVerdict.NotMet);
    }

    [Fact]
    public void Given_a_string_tolerance_that_is_one_variable_then_it_is_substituted_typed_before_judging() =>
        (Judge("\"${limit}\"", "5"), Judge("\"${limit}\"", "\"5\"")).ShouldBe((IndicatorVerdict.Met, IndicatorVerdict.NotMet));

    [Fact]
    public void Given_an_output_of_none_then_it_is_no_data_whatever_the_tolerance() =>
        (Judge("false", "null"), Judge("[0, 5]", "null")).ShouldBe((IndicatorVerdict.NoData, IndicatorVerdict.NoData));

    [Fact]
    public void Given_a_float_tolerance_then_it_is_refused_at_load_because_chaos_toolkit_never_meets_it() =>
        Should.Throw<InvalidExperimentException>(() => new ToleranceJudge(JsonNode.Parse("0.0"), Values)).Message.ShouldContain("float");

    [Fact]
    public void Given_malformed_tolerances_then_each_is_refused_with_chaos_toolkits_reason()
    {
        Should.Throw<InvalidExperimentException>(() => new ToleranceJudge(JsonNode.Parse("""{"type": "range", "range": [1]}"""), Values)).Message.ShouldContain("two values");
        Should.Throw<InvalidExperimentException>(() => new ToleranceJudge(JsonNode.Parse("""{"type": "regex"}"""), Values)).Message.ShouldContain("pattern");
        Should.Throw<InvalidExperimentException>(() => new ToleranceJudge(JsonNode.Parse("""{"type": "regex", "pattern": "("}"""), Values)).Message.ShouldContain("invalid");
        Should.Throw<InvalidExperimentException>(() => new ToleranceJudge(JsonNode.Parse("""{"type": "nope"}"""), Values)).Message.ShouldContain("unsupported");
    }
}
