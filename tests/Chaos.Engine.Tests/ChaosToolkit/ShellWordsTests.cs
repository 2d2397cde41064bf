using System.Text.Json.Nodes;
using Chaos.Engine.ChaosToolkit;
using Shouldly;

namespace Chaos.Engine.Tests.ChaosToolkit;

/// <summary>Reading what a process activity's aws command would do, without running it.</summary>
public sealed class ShellWordsTests
{
    [Fact]
    public void Given_the_labs_put_parameter_when_split_then_the_value_is_the_json_with_quotes_removed()
    {
        var command = AwsCliCommand.TryRead("aws", JsonValue.Create("""ssm put-parameter --name failureLambdaConfig --type String --overwrite --value '{"isEnabled": true, "rate": 0.5}'"""))!;

        command.Is("ssm", "put-parameter").ShouldBeTrue();
        command.Options["--name"].Text.ShouldBe("failureLambdaConfig");
        command.Options["--value"].Text.ShouldBe("""{"isEnabled": true, "rate": 0.5}""");
        command.Flags.ShouldContain("--overwrite");
    }

    [Fact]
    public void Given_double_quotes_escapes_and_an_equals_form_when_split_then_words_are_as_the_shell_gives_them()
    {
        var words = ShellWords.Split("""a "b \"c\" d" e\ f --x=1 $HOME "$(date)" `date -u`""");

        words.Select(w => w.Text).ShouldBe(["a", "b \"c\" d", "e f", "--x=1", "$HOME", "$(date)", "`date -u`"]);
        words.Select(w => w.IsLiteral).ShouldBe([true, true, true, true, false, false, false]);
        words[6].Substitution.ShouldBe("date -u");
    }

    [Fact]
    public void Given_the_labs_get_metric_data_probe_when_read_then_the_file_window_and_result_are_recognised()
    {
        var command = AwsCliCommand.TryRead("aws", JsonValue.Create("cloudwatch get-metric-data --metric-data-queries file://steadyStateFlight.json --start-time `date --date '5 min ago' '+%Y-%m-%dT%H:%M:%SZ'` --end-time `date '+%Y-%m-%dT%H:%M:%SZ'` --query 'MetricDataResults[0].Values[0]'"))!;

        var read = MetricDataCommand.TryRead(command, out _).ShouldNotBeNull();

        read.ShouldBe(new MetricDataCommand("steadyStateFlight.json", TimeSpan.FromMinutes(5), 0));
    }

    [Fact]
    public void Given_an_extra_option_when_read_then_the_probe_is_not_recognised_and_says_why()
    {
        var command = AwsCliCommand.TryRead("aws", JsonValue.Create("cloudwatch get-metric-data --metric-data-queries file://q.json --start-time `date --date '5 min ago'` --end-time `date` --query 'MetricDataResults[0].Values[0]' --region eu-west-1"))!;

        MetricDataCommand.TryRead(command, out var why).ShouldBeNull();
        why.ShouldContain("--region");
    }
}
