using Chaos.Aws.Configuration;
using Chaos.Engine.Settings;
using Microsoft.Extensions.Configuration.Memory;
using Shouldly;

namespace Chaos.Engine.Tests.Settings;

public sealed class EnvFileTests : IDisposable
{
    // The shape Terraform writes in the workshop: a shebang, KEY="value" lines, then one bare export line.
    private const string WorkshopFile = """
        #!/bin/sh

        SQS_QUEUE_NAME="chaos-csv-work-queue-9f9f"
        SQS_QUEUE_URL="https://sqs.eu-west-1.amazonaws.com/123456789012/chaos-csv-work-queue-9f9f"
        SNS_TOPIC_NAME="chaos-csv-notification-topic-9f9f"
        S3_BUCKET_NAME="chaos-bucket-9f9f"
        LAMBDA_FUNCTION_NAME="ChaosTransformer-9f9f"
        AWS_REGION="eu-west-1"

        export SQS_QUEUE_NAME SNS_TOPIC_NAME S3_BUCKET_NAME LAMBDA_FUNCTION_NAME AWS_REGION
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("chaos-env-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(directory, "aws_resource_names.sh");
        File.WriteAllText(path, text);
        return path;
    }

    private static ChaosSettings Load(Dictionary<string, string?> environment) =>
        ChaosSettingsLoader.Load(new MemoryConfigurationSource { InitialData = environment });

    [Fact]
    public void Given_the_workshop_file_named_by_CHAOS_ENV_FILE_its_values_are_read_without_sourcing()
    {
        var path = Write(WorkshopFile);

        var settings = Load(new() { ["CHAOS_ENV_FILE"] = path });

        settings.BucketName.ShouldBe("chaos-bucket-9f9f");
        settings.Region.ShouldBe("eu-west-1");
        settings.CsvQueueUrl.ShouldBe("https://sqs.eu-west-1.amazonaws.com/123456789012/chaos-csv-work-queue-9f9f");
        settings.EnvFile.ShouldBe(path);
        settings.Describe().ShouldContain($"read from {path}");
    }

    [Fact]
    public void Given_a_real_environment_variable_it_wins_over_the_file()
    {
        var path = Write(WorkshopFile);

        var settings = Load(new() { ["CHAOS_ENV_FILE"] = path, ["AWS_REGION"] = "us-west-2" });

        settings.Region.ShouldBe("us-west-2");
        settings.BucketName.ShouldBe("chaos-bucket-9f9f");
    }

    [Fact]
    public void Given_export_assignments_quotes_and_references_they_are_understood()
    {
        var values = EnvFileParser.Parse("""
            # comment
            export A='single $quoted'
            B=bare # trailing comment
            export C="${B}-x \"q\""
            D=$B
            export A B
            """, "f.sh");

        values.ShouldBe(new Dictionary<string, string> { ["A"] = "single $quoted", ["B"] = "bare", ["C"] = "bare-x \"q\"", ["D"] = "bare" });
    }

    [Theory]
    [InlineData("A=$(aws sts get-caller-identity)", "command substitution")]
    [InlineData("A=`whoami`", "command substitution")]
    [InlineData("A=\"open", "unterminated double quote")]
    [InlineData("echo hello", "not a KEY=value assignment")]
    public void Given_a_line_that_needs_a_shell_it_is_refused_with_its_line_number(string line, string problem)
    {
        var path = Write("#!/bin/sh\n" + line + "\n");

        var error = Should.Throw<ChaosSettingsException>(() => Load(new() { ["CHAOS_ENV_FILE"] = path }));

        error.Problems.ShouldHaveSingleItem().Variable.ShouldBe("CHAOS_ENV_FILE");
        error.Message.ShouldContain($"{path}:2:");
        error.Message.ShouldContain(problem);
    }

    [Fact]
    public void Given_CHAOS_ENV_FILE_pointing_nowhere_it_names_the_variable_and_the_path()
    {
        var missing = Path.Combine(directory, "nope.sh");

        var error = Should.Throw<ChaosSettingsException>(() => Load(new() { ["CHAOS_ENV_FILE"] = missing }));

        error.Problems.ShouldHaveSingleItem().Variable.ShouldBe("CHAOS_ENV_FILE");
        error.Message.ShouldContain(missing);
    }

    [Fact]
    public void Given_a_file_lacking_variables_the_message_names_them_and_the_file()
    {
        var path = Write("S3_BUCKET_NAME=\"chaos-bucket-1\"\n");

        var error = Should.Throw<ChaosSettingsException>(() => Load(new() { ["CHAOS_ENV_FILE"] = path }));

        error.Problems.Select(p => p.Variable).ShouldBe(["SNS_TOPIC_NAME", "LAMBDA_FUNCTION_NAME", "SQS_QUEUE_NAME", "AWS_REGION"]);
        error.Message.ShouldContain($"Read {path} (CHAOS_ENV_FILE)");
    }
}
