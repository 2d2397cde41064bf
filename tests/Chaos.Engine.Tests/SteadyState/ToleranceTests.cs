using Chaos.Engine.SteadyState;
using Shouldly;

namespace Chaos.Engine.Tests.SteadyState;

public sealed class ToleranceTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(0.0001, false)]
    [InlineData(-1, false)]
    public void An_exact_tolerance_accepts_only_its_value(double value, bool accepted) =>
        Tolerance.Exactly(0).Accepts(value).ShouldBe(accepted);

    [Theory]
    [InlineData(0, true)]
    [InlineData(80, true)]
    [InlineData(80.0001, false)]
    [InlineData(-0.0001, false)]
    [InlineData(double.NaN, false)]
    public void A_range_includes_both_ends(double value, bool accepted) =>
        Tolerance.Between(0, 80).Accepts(value).ShouldBe(accepted);

    [Fact]
    public void A_range_with_its_ends_swapped_is_refused() =>
        Should.Throw<ArgumentException>(() => Tolerance.Between(5, 0)).Message.ShouldContain("[5, 0]");

    [Fact]
    public void A_predicate_applies_its_function_and_describes_itself()
    {
        var even = Tolerance.Satisfies(v => v % 2 == 0, "an even count");

        even.Accepts(4).ShouldBeTrue();
        even.Accepts(3).ShouldBeFalse();
        even.ToString().ShouldBe("an even count");
    }

    [Fact]
    public void Tolerances_print_as_a_reader_expects()
    {
        Tolerance.Exactly(0).ToString().ShouldBe("exactly 0");
        Tolerance.Between(-10, 50).ToString().ShouldBe("[-10, 50]");
    }
}
