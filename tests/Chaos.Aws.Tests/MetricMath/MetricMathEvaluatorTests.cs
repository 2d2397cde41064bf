using Chaos.Aws.CloudWatch.Model;
using Chaos.Aws.MetricMath.Syntax;
using Chaos.Aws.MetricMath;
using Shouldly;

namespace Chaos.Aws.Tests.MetricMath;

public sealed class MetricMathEvaluatorTests
{
    private static readonly DateTime T0 = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);

    private static DateTime At(int minute) => T0.AddMinutes(minute);

    private static MetricDataResult Raw(string id, params (int Minute, double Value)[] points) => new()
    {
        Id = id,
        Timestamps = [.. points.Select(p => At(p.Minute))],
        Values = [.. points.Select(p => p.Value)],
    };

    private static MetricDataQuery Metric(string id) => new() { Id = id, MetricStat = new MetricStat { Metric = new Metric { Namespace = "N", MetricName = id }, Period = 60, Stat = "Sum" } };

    private static TimeSeries Eval(string expression, params MetricDataResult[] raw)
    {
        var queries = raw.Select(r => Metric(r.Id)).Append(new MetricDataQuery { Id = "e", Expression = expression }).ToList();
        return MetricMathEvaluator.Evaluate(queries, raw)["e"];
    }

    private static IEnumerable<(DateTime, double)> Pairs(TimeSeries s) => s.Points.Select(p => (p.Key, p.Value));

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("2 ^ 3 ^ 2", 512)]
    [InlineData("-2 ^ 2", -4)]
    [InlineData("10 / 4 - 1", 1.5)]
    [InlineData("-(3 - 5)", 2)]
    [InlineData("1.5e1 + .5", 15.5)]
    [InlineData("3 > 2 AND 1 < 0", 0)]
    [InlineData("3 > 2 || 1 < 0", 1)]
    [InlineData("NOT (2 == 2)", 0)]
    [InlineData("2 != 3", 1)]
    public void Given_numbers_the_operators_follow_precedence(string expression, double expected)
    {
        Pairs(Eval(expression, Raw("m", (0, 1)))).ShouldBe([(At(0), expected)]);
    }

    [Fact]
    public void Given_two_series_arithmetic_is_aligned_per_timestamp_and_missing_points_give_none()
    {
        var result = Eval("a + b", Raw("a", (0, 1), (1, 2), (2, 3)), Raw("b", (1, 10), (2, 20), (3, 30)));

        Pairs(result).ShouldBe([(At(1), 12), (At(2), 23)]);
    }

    [Fact]
    public void Given_a_division_by_zero_that_point_has_no_value()
    {
        var result = Eval("a / b", Raw("a", (0, 1), (1, 0), (2, 6)), Raw("b", (0, 0), (1, 0), (2, 3)));

        Pairs(result).ShouldBe([(At(2), 2)]);
    }

    [Fact]
    public void Given_one_series_SUM_AVG_MIN_MAX_reduce_it_to_a_scalar_drawn_at_every_timestamp()
    {
        var a = Raw("a", (0, 2), (1, 4), (2, 9));

        Eval("SUM(a)", a).Latest.ShouldBe(15);
        Eval("AVG(a)", a).Latest.ShouldBe(5);
        Eval("MIN(a)", a).Latest.ShouldBe(2);
        Eval("MAX(a)", a).Count.ShouldBe(3);
        Eval("MAX(a)", a).Latest.ShouldBe(9);
        Eval("a - MIN(a)", a).Points.Select(p => p.Value).ShouldBe([0.0, 2.0, 7.0]);
    }

    [Fact]
    public void Given_an_array_SUM_and_MAX_reduce_per_timestamp()
    {
        var a = Raw("a", (0, 1), (1, 2));
        var b = Raw("b", (1, 5), (2, 7));

        Pairs(Eval("SUM([a, b])", a, b)).ShouldBe([(At(0), 1), (At(1), 7), (At(2), 7)]);
        Pairs(Eval("MAX([a, b])", a, b)).ShouldBe([(At(0), 1), (At(1), 5), (At(2), 7)]);
    }

    [Fact]
    public void Given_an_empty_series_SUM_has_no_value_rather_than_zero()
    {
        Eval("SUM(a)", Raw("a"), Raw("b", (0, 1))).Count.ShouldBe(0);
    }

    [Fact]
    public void ABS_applies_per_point()
    {
        Pairs(Eval("ABS(a)", Raw("a", (0, -3), (1, 2)))).ShouldBe([(At(0), 3), (At(1), 2)]);
    }

    [Fact]
    public void FILL_gives_a_value_at_every_timestamp_of_the_window()
    {
        var a = Raw("a", (1, 4), (3, 8));
        var grid = Raw("g", (0, 0), (1, 0), (2, 0), (3, 0), (4, 0));

        Pairs(Eval("FILL(a, 0)", a, grid)).ShouldBe([(At(0), 0), (At(1), 4), (At(2), 0), (At(3), 8), (At(4), 0)]);
        Pairs(Eval("FILL(a, REPEAT)", a, grid)).ShouldBe([(At(0), 4), (At(1), 4), (At(2), 4), (At(3), 8), (At(4), 8)]);
        Pairs(Eval("FILL(a, LINEAR)", a, grid)).ShouldBe([(At(0), 4), (At(1), 4), (At(2), 6), (At(3), 8), (At(4), 8)]);
        Pairs(Eval("a / FILL(b, 1)", Raw("a", (0, 6), (1, 6)), Raw("b", (1, 3)))).ShouldBe([(At(0), 6), (At(1), 2)]);
    }

    [Fact]
    public void IF_chooses_per_timestamp_and_drops_false_points_without_a_false_value()
    {
        var a = Raw("a", (0, 1), (1, 50), (2, 100));

        Pairs(Eval("IF(a > 10, a, 0)", a)).ShouldBe([(At(0), 0), (At(1), 50), (At(2), 100)]);
        Pairs(Eval("IF(a > 10, a * 2)", a)).ShouldBe([(At(1), 100), (At(2), 200)]);
    }

    [Theory]
    [InlineData("a +", 4, "end of expression")]
    [InlineData("(a + 1", 7, "end of expression")]
    [InlineData("a $ 2", 3, "$")]
    [InlineData("sum(a)", 1, "sum")]
    [InlineData("a + Bcd", 5, "Bcd")]
    [InlineData("FOO(a)", 1, "FOO")]
    [InlineData("a b", 3, "b")]
    [InlineData("SUM(a,)", 7, ")")]
    [InlineData("", 1, "end of expression")]
    public void Given_a_syntax_error_the_position_and_token_are_named(string expression, int position, string token)
    {
        var error = Should.Throw<MetricMathSyntaxException>(() => Eval(expression, Raw("a", (0, 1))));

        error.Position.ShouldBe(position);
        error.Token.ShouldBe(token);
        error.Message.ShouldContain($"position {position} near '{token}'");
    }

    [Fact]
    public void Given_a_lowercase_function_the_message_says_to_write_it_uppercase()
    {
        Should.Throw<MetricMathSyntaxException>(() => Eval("sum(a)", Raw("a", (0, 1)))).Message.ShouldContain("write SUM");
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("1a")]
    [InlineData("a-b")]
    public void Given_an_id_not_starting_lowercase_it_is_refused(string id)
    {
        var queries = new List<MetricDataQuery> { Metric(id) };

        Should.Throw<MetricMathException>(() => MetricMathEvaluator.Validate(queries)).Message.ShouldContain($"'{id}'");
    }

    [Fact]
    public void Given_unknown_ids_or_cycles_validation_names_them()
    {
        Should.Throw<MetricMathException>(() => MetricMathEvaluator.Validate([new MetricDataQuery { Id = "e", Expression = "x + 1" }])).Message.ShouldContain("unknown id 'x'");
        Should.Throw<MetricMathException>(() => MetricMathEvaluator.Validate([new MetricDataQuery { Id = "e", Expression = "f" }, new MetricDataQuery { Id = "f", Expression = "e * 2" }])).Message.ShouldContain("refers to itself");
    }

    [Fact]
    public void Only_metric_queries_are_sent_to_CloudWatch()
    {
        var raw = MetricMathEvaluator.RawQueries([Metric("a"), new MetricDataQuery { Id = "e", Expression = "a * 2", ReturnData = true }, Metric("b")]);

        raw.Select(q => q.Id).ShouldBe(["a", "b"]);
        raw.ShouldAllBe(q => q.ReturnData == true);
    }
}
