using Chaos.Engine.Settings;
using Microsoft.Extensions.Configuration.Memory;
using Shouldly;

namespace Chaos.Engine.Tests.Settings;

public sealed class SettingsTests
{
    private static readonly Dictionary<string, string?> Workshop = new()
    {
        ["S3_BUCKET_NAME"] = "chaos-bucket-1a2b3c",
        ["SNS_TOPIC_NAME"] = "chaos-csv-notification-topic-1a2b3c",
        ["LAMBDA_FUNCTION_NAME"] = "ChaosTransformer-1a2b3c",
        ["SQS_QUEUE_NAME"] = "chaos-csv-work-queue-1a2b3c",
        ["AWS_REGION"] = "us-east-1",
    };

    private static ChaosSettings Load(Dictionary<string, string?> variables) =>
        ChaosSettingsLoader.Load(new MemoryConfigurationSource { InitialData = variables });

    private static Dictionary<string, string?> With(params (string Key, string? Value)[] changes)
    {
        var variables = new Dictionary<string, string?>(Workshop);
        foreach (var (key, value) in changes)
        {
            variables[key] = value;
        }

        return variables;
    }

    private static ChaosSettingsException Refused(Dictionary<string, string?> variables) =>
        Should.Throw<ChaosSettingsException>(() => Load(variables));

    [Fact]
    public void Given_the_workshop_variables_the_other_names_are_derived_from_the_suffix_and_said_so()
    {
        var settings = Load(With());

        settings.JsonQueueName.ShouldBe("chaos-json-work-queue-1a2b3c");
        settings.ErrorQueueName.ShouldBe("chaos-error-queue-1a2b3c");
        settings.TableName.ShouldBe("chaos-data-1a2b3c");
        settings.FailureParameterName.ShouldBe("failureLambdaConfig");
        settings.TimeScale.ShouldBe(1);
        settings.DerivedVariables.ShouldBe(["CHAOS_JSON_QUEUE_NAME", "CHAOS_ERROR_QUEUE_NAME", "CHAOS_DYNAMODB_TABLE_NAME"]);
        settings.Describe().ShouldContain("derived from the bucket's suffix (not set): CHAOS_JSON_QUEUE_NAME, CHAOS_ERROR_QUEUE_NAME, CHAOS_DYNAMODB_TABLE_NAME");
    }

    [Fact]
    public void Given_a_profile_that_does_not_exist_the_refusal_names_AWS_PROFILE_and_how_to_create_it_unless_keys_are_given()
    {
        var missing = "chaos-harness-no-such-profile-" + Guid.NewGuid().ToString("N")[..8];

        var refused = Refused(With(("AWS_PROFILE", missing)));
        var withKeys = Load(With(("AWS_PROFILE", missing), ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), ("AWS_SECRET_ACCESS_KEY", "secret")));

        refused.Problems.ShouldContain(p => p.Variable == "AWS_PROFILE" && p.Message.Contains($"'{missing}' is not a profile") && p.Message.Contains($"aws configure --profile {missing}"));
        withKeys.Credentials.ShouldBeOfType<Amazon.Runtime.BasicAWSCredentials>();
    }

    [Fact]
    public void Given_explicit_names_they_win_over_derivation()
    {
        var settings = Load(With(("CHAOS_JSON_QUEUE_NAME", "my-json"), ("CHAOS_FAILURE_PARAMETER_NAME", "/chaos/param")));

        settings.JsonQueueName.ShouldBe("my-json");
        settings.FailureParameterName.ShouldBe("/chaos/param");
        settings.DerivedVariables.ShouldNotContain("CHAOS_JSON_QUEUE_NAME");
    }

    [Fact]
    public void Given_nothing_set_one_message_names_every_missing_variable_and_the_file_to_source()
    {
        var error = Refused([]);

        error.Problems.Select(p => p.Variable).ShouldBe(["S3_BUCKET_NAME", "SNS_TOPIC_NAME", "LAMBDA_FUNCTION_NAME", "SQS_QUEUE_NAME", "AWS_REGION"]);
        error.Message.ShouldContain("Missing or empty: S3_BUCKET_NAME, SNS_TOPIC_NAME, LAMBDA_FUNCTION_NAME, SQS_QUEUE_NAME, AWS_REGION.");
        error.Message.ShouldContain("source aws_resource_names.sh");
        error.Message.ShouldContain("CHAOS_ENV_FILE");
    }

    [Theory]
    [InlineData("S3_BUCKET_NAME")]
    [InlineData("SNS_TOPIC_NAME")]
    [InlineData("LAMBDA_FUNCTION_NAME")]
    [InlineData("SQS_QUEUE_NAME")]
    [InlineData("AWS_REGION")]
    public void Given_one_required_variable_empty_it_alone_is_named(string variable)
    {
        var error = Refused(With((variable, "  ")));

        error.Problems.ShouldHaveSingleItem().Variable.ShouldBe(variable);
        error.Message.ShouldContain($"Missing or empty: {variable}.");
    }

    [Fact]
    public void Given_AWS_DEFAULT_REGION_only_it_is_used()
    {
        var variables = With(("AWS_REGION", null), ("AWS_DEFAULT_REGION", "eu-west-2"));

        Load(variables).Region.ShouldBe("eu-west-2");
    }

    [Theory]
    [InlineData("S3_BUCKET_NAME", "Chaos_Bucket")]
    [InlineData("S3_BUCKET_NAME", "ab")]
    [InlineData("S3_BUCKET_NAME", "192.168.1.1")]
    [InlineData("S3_BUCKET_NAME", "chaos..bucket")]
    [InlineData("AWS_REGION", "us-east")]
    [InlineData("AWS_REGION", "US-EAST-1")]
    [InlineData("SQS_QUEUE_NAME", "queue with spaces")]
    [InlineData("SNS_TOPIC_NAME", "topic/1")]
    [InlineData("LAMBDA_FUNCTION_NAME", "fn:bad:name")]
    [InlineData("SQS_QUEUE_URL", "not a url")]
    [InlineData("CHAOS_JSON_QUEUE_NAME", "bad.queue")]
    [InlineData("CHAOS_DYNAMODB_TABLE_NAME", "t!")]
    [InlineData("CHAOS_FAILURE_PARAMETER_NAME", "bad name")]
    [InlineData("AWS_ENDPOINT_URL", "localhost:4566")]
    [InlineData("CHAOS_TIME_SCALE", "fast")]
    [InlineData("CHAOS_TIME_SCALE", "0")]
    [InlineData("CHAOS_TIME_SCALE", "-2")]
    [InlineData("CHAOS_TIME_SCALE", "Infinity")]
    public void Given_a_malformed_value_the_variable_is_named_with_the_value_shown(string variable, string value)
    {
        var error = Refused(With((variable, value)));

        var problem = error.Problems.ShouldHaveSingleItem();
        problem.Variable.ShouldBe(variable);
        problem.Message.ShouldContain($"'{value}'");
        error.Message.ShouldContain($"Invalid {variable}: '{value}'");
    }

    [Fact]
    public void Given_a_bucket_without_the_workshop_suffix_the_underivable_names_are_named()
    {
        var error = Refused(With(("S3_BUCKET_NAME", "my-own-bucket"), ("CHAOS_ERROR_QUEUE_NAME", "errors")));

        error.Problems.Select(p => p.Variable).ShouldBe(["CHAOS_JSON_QUEUE_NAME", "CHAOS_DYNAMODB_TABLE_NAME"]);
        error.Message.ShouldContain("does not follow chaos-bucket-<suffix>");
    }

    [Fact]
    public void Given_a_time_scale_against_AWS_it_is_refused()
    {
        var error = Refused(With(("CHAOS_TIME_SCALE", "10")));

        error.Problems.ShouldHaveSingleItem().Variable.ShouldBe("CHAOS_TIME_SCALE");
        error.Message.ShouldContain("AWS_ENDPOINT_URL is not set, so calls go to AWS");
    }

    [Fact]
    public void Given_a_time_scale_with_one_remote_service_endpoint_it_is_refused_naming_it()
    {
        var error = Refused(With(("CHAOS_TIME_SCALE", "10"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), ("AWS_ENDPOINT_URL_SSM", "https://ssm.us-east-1.amazonaws.com")));

        error.Problems.ShouldHaveSingleItem().Variable.ShouldBe("CHAOS_TIME_SCALE");
        error.Message.ShouldContain("AWS_ENDPOINT_URL_SSM=https://ssm.us-east-1.amazonaws.com");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:4566")]
    [InlineData("http://[::1]:4566")]
    public void Given_a_time_scale_with_every_endpoint_on_loopback_it_is_accepted(string endpoint)
    {
        var settings = Load(With(("CHAOS_TIME_SCALE", "12.5"), ("AWS_ENDPOINT_URL", endpoint)));

        settings.TimeScale.ShouldBe(12.5);
        settings.IsLoopbackOnly.ShouldBeTrue();
        settings.Scale(TimeSpan.FromSeconds(300)).ShouldBe(TimeSpan.FromSeconds(24));
    }

    [Fact]
    public void Given_several_problems_all_are_reported_at_once()
    {
        var error = Refused(With(("SNS_TOPIC_NAME", null), ("AWS_REGION", "mars"), ("CHAOS_TIME_SCALE", "x")));

        error.Problems.Select(p => p.Variable).ShouldBe(["SNS_TOPIC_NAME", "AWS_REGION", "CHAOS_TIME_SCALE"], ignoreOrder: true);
    }

    [Fact]
    public void Given_no_workshop_variable_anywhere_nothing_is_configured()
    {
        ChaosSettingsLoader.NothingConfigured(new MemoryConfigurationSource { InitialData = [] }).ShouldBeTrue();
        ChaosSettingsLoader.NothingConfigured(new MemoryConfigurationSource { InitialData = With() }).ShouldBeFalse();
    }
}
