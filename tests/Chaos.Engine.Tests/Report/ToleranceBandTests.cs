using Chaos.Engine.Report;
using Chaos.Engine.SteadyState;
using Shouldly;

namespace Chaos.Engine.Tests.Report;

/// <summary>The band a chart shades, read back from the tolerance text the engine writes into the journal.</summary>
public sealed class ToleranceBandTests
{
    public static TheoryData<Tolerance, double, double> WithEdges => new()
    {
        { Tolerance.Between(0, 5), 0, 5 },
        { Tolerance.Between(-10, 50), -10, 50 },
        { Tolerance.Between(0.25, 1e21), 0.25, 1e21 },
        { Tolerance.Between(0, double.PositiveInfinity), 0, double.PositiveInfinity },
        { Tolerance.Exactly(0), 0, 0 },
        { Tolerance.Exactly(-2.5), -2.5, -2.5 },
    };

    [Theory]
    [MemberData(nameof(WithEdges))]
    public void A_range_or_an_exact_value_as_the_journal_writes_it_is_read_back_as_its_band(Tolerance tolerance, double low, double high) =>
        ToleranceBand.Parse(tolerance.ToString()).ShouldBe(new ToleranceBand(low, high));

    [Fact]
    public void A_predicate_has_no_edges_to_shade() =>
        ToleranceBand.Parse(Tolerance.Satisfies(v => v % 2 == 0, "an even number").ToString()).ShouldBeNull();
}
