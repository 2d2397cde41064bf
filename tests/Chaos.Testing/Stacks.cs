using Chaos.Engine.Settings;
using Microsoft.Extensions.Configuration.Memory;

namespace Chaos.Testing;

/// <summary>Settings of a stack on moto, with a failure parameter of its own.</summary>
public static class Stacks
{
    public static ChaosSettings On(MotoFixture moto, string parameter) => ChaosSettingsLoader.Load(new MemoryConfigurationSource
    {
        InitialData = new Dictionary<string, string?>
        {
            ["S3_BUCKET_NAME"] = "chaos-bucket-abc",
            ["SNS_TOPIC_NAME"] = "t",
            ["LAMBDA_FUNCTION_NAME"] = "f",
            ["SQS_QUEUE_NAME"] = "q",
            ["AWS_REGION"] = MotoFixture.Region,
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["CHAOS_FAILURE_PARAMETER_NAME"] = parameter,
        },
    });
}
