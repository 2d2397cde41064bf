using System.Text.Json.Nodes;
using Chaos.Engine.ChaosToolkit;
using Shouldly;

namespace Chaos.Engine.Tests.ChaosToolkit;

/// <summary>chaostoolkit-lib's substitute: Python's string.Template, with the typed value of a whole-string ${name}.</summary>
public sealed class SubstitutionTests
{
    private static readonly Substitution Values = Substitution.Of(
        new Dictionary<string, JsonNode?> { ["limit"] = 5, ["rate"] = 0.5, ["name"] = "fn", ["on"] = true, ["nothing"] = null },
        [new Dictionary<string, JsonNode?> { ["token"] = "s3cr3t", ["name"] = "shadowed" }]);

    [Fact]
    public void Given_a_string_that_is_exactly_one_braced_variable_when_substituted_then_the_value_keeps_its_type()
    {
        Values.Apply("${limit}")!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.Number);
        Values.Apply("${limit}")!.GetValue<int>().ShouldBe(5);
        Values.Apply("${on}")!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void Given_a_bare_dollar_variable_alone_when_substituted_then_it_is_text_as_in_chaostoolkit_lib()
    {
        // TypedTemplate only returns the typed value for the braced form.
        Values.Apply("$limit")!.GetValue<string>().ShouldBe("5");
    }

    [Fact]
    public void Given_variables_inside_a_longer_string_when_substituted_then_each_is_pythons_str()
    {
        Values.Text("rate=${rate} on=$on none=${nothing} n=$limit").ShouldBe("rate=0.5 on=True none=None n=5");
    }

    [Fact]
    public void Given_a_double_dollar_when_substituted_then_it_is_one_literal_dollar_and_names_after_it_stay()
    {
        Values.Text("cost $$5 and $${limit}").ShouldBe("cost $5 and ${limit}");
    }

    [Fact]
    public void Given_an_unknown_name_or_a_lone_dollar_when_substituted_then_they_stay_as_written()
    {
        Values.Text("${unknown} $unknown $ 5$").ShouldBe("${unknown} $unknown $ 5$");
        Values.Apply("${unknown}")!.GetValue<string>().ShouldBe("${unknown}");
    }

    [Fact]
    public void Given_a_name_in_the_configuration_and_a_secret_when_substituted_then_the_configuration_wins_and_secrets_are_found()
    {
        Values.Text("${name} ${token}").ShouldBe("fn s3cr3t");
    }

    [Fact]
    public void Given_nested_mappings_and_lists_when_substituted_then_values_change_and_keys_do_not()
    {
        var data = JsonNode.Parse("""{"${name}": ["${limit}", {"k": "x-${name}"}], "n": 3}""");

        var result = Values.Apply(data)!.AsObject();

        result.ContainsKey("${name}").ShouldBeTrue();
        result["${name}"]![0]!.GetValue<int>().ShouldBe(5);
        result["${name}"]![1]!["k"]!.GetValue<string>().ShouldBe("x-fn");
        result["n"]!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public void Given_no_configuration_and_no_secret_when_arguments_are_substituted_then_a_double_dollar_stays_double()
    {
        // chaostoolkit-lib substitutes a process's arguments only "if configuration or secrets".
        Substitution.Of(new Dictionary<string, JsonNode?>(), []).ApplyIfAny(JsonValue.Create("echo $$"))!.GetValue<string>().ShouldBe("echo $$");
        Values.ApplyIfAny(JsonValue.Create("echo $$"))!.GetValue<string>().ShouldBe("echo $");
    }

    [Theory]
    [InlineData(3.0, "3.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5, "-2.5")]
    public void Given_a_float_when_made_text_then_it_reads_as_pythons_repr(double value, string expected) =>
        PythonValues.Float(value).ShouldBe(expected);
}
