using System.Text.Json.Nodes;
using Chaos.Engine.ChaosToolkit;
using Shouldly;

namespace Chaos.Engine.Tests.ChaosToolkit;

/// <summary>chaostoolkit-lib's load_configuration and load_secrets.</summary>
public sealed class ConfigurationTests
{
    private static ExperimentVariables Load(string json, params (string Name, string Value)[] variables)
    {
        var set = variables.ToDictionary(v => v.Name, v => v.Value);
        return ExperimentVariables.Load(JsonNode.Parse(json)!.AsObject(), name => set.GetValueOrDefault(name));
    }

    [Fact]
    public void Given_literals_and_env_entries_when_loaded_then_literals_are_kept_and_env_entries_read_the_variable()
    {
        var loaded = Load("""{"configuration": {"region": "eu-west-1", "n": 4, "topic": {"type": "env", "key": "SNS_TOPIC_NAME"}}}""", ("SNS_TOPIC_NAME", "my-topic"));

        loaded.Configuration["region"]!.GetValue<string>().ShouldBe("eu-west-1");
        loaded.Configuration["n"]!.GetValue<int>().ShouldBe(4);
        loaded.Configuration["topic"]!.GetValue<string>().ShouldBe("my-topic");
    }

    [Fact]
    public void Given_a_missing_env_key_without_default_when_loaded_then_it_is_refused_naming_the_key()
    {
        var refused = Should.Throw<InvalidExperimentException>(() => Load("""{"configuration": {"topic": {"type": "env", "key": "NOT_SET_ANYWHERE"}}}"""));

        refused.Message.ShouldContain("environment key that does not exist: NOT_SET_ANYWHERE");
        Should.Throw<InvalidExperimentException>(() => Load("""{"configuration": {"topic": {"type": "env", "key": "NOT_SET_ANYWHERE", "default": null}}}"""))
            .Message.ShouldContain("NOT_SET_ANYWHERE");
    }

    [Fact]
    public void Given_a_missing_env_key_with_a_default_when_loaded_then_the_default_is_used_typed_as_written()
    {
        var loaded = Load("""{"configuration": {"port": {"type": "env", "key": "NOT_SET", "default": 8080}, "host": {"type": "env", "key": "NOT_SET", "default": "localhost"}}}""");

        loaded.Configuration["port"]!.GetValue<int>().ShouldBe(8080);
        loaded.Configuration["host"]!.GetValue<string>().ShouldBe("localhost");
    }

    [Fact]
    public void Given_env_var_types_when_loaded_then_the_text_is_converted_as_convert_to_type_does()
    {
        var loaded = Load(
            """{"configuration": {"i": {"type": "env", "key": "I", "env_var_type": "int"}, "f": {"type": "env", "key": "F", "env_var_type": "float"}, "b": {"type": "env", "key": "B", "env_var_type": "bool"}, "j": {"type": "env", "key": "J", "env_var_type": "json"}}}""",
            ("I", "42"), ("F", "2.5"), ("B", "no"), ("J", """{"a": [1]}"""));

        loaded.Configuration["i"]!.GetValue<long>().ShouldBe(42);
        loaded.Configuration["f"]!.GetValue<double>().ShouldBe(2.5);
        loaded.Configuration["b"]!.GetValue<bool>().ShouldBeFalse();
        loaded.Configuration["j"]!["a"]![0]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public void Given_an_int_env_var_that_is_not_a_number_when_loaded_then_it_is_refused_with_the_value()
    {
        Should.Throw<InvalidExperimentException>(() => Load("""{"configuration": {"i": {"type": "env", "key": "I", "env_var_type": "int"}}}""", ("I", "many")))
            .Message.ShouldContain("'many' is not a valid int");
    }

    [Fact]
    public void Given_secrets_from_the_environment_when_loaded_then_they_are_grouped_by_target_and_substitutable()
    {
        var loaded = Load("""{"secrets": {"aws": {"token": {"type": "env", "key": "TOKEN"}, "plain": "p"}}}""", ("TOKEN", "t0k"));

        loaded.Secrets["aws"]["token"]!.GetValue<string>().ShouldBe("t0k");
        loaded.Substitution.Text("${token}/${plain}").ShouldBe("t0k/p");
        Should.Throw<InvalidExperimentException>(() => Load("""{"secrets": {"aws": {"token": {"type": "env", "key": "UNSET_TOKEN"}}}}"""))
            .Message.ShouldContain("UNSET_TOKEN");
    }

    [Fact]
    public void Given_dynamic_configuration_when_loaded_then_it_is_refused_as_unsupported()
    {
        Should.Throw<InvalidExperimentException>(() => Load("""{"configuration": {"x": {"type": "probe", "name": "p", "provider": {"type": "process", "path": "true"}}}}"""))
            .Message.ShouldContain("dynamic configuration");
    }
}
