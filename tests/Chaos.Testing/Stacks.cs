using System.Globalization;
using Chaos.Engine.Settings;
using Microsoft.Extensions.Configuration.Memory;

namespace Chaos.Testing;

/// <summary>Settings of a stack on moto, with a failure parameter of its own.</summary>
public static class Stacks
{
    /// <param name="timeScale">Divides every duration of the experiments run against it (allowed: moto is on loopback).</param>
    /// <param name="function">The function's name (register it with <see cref="MotoFunctions"/> for an experiment to run).</param>
    /// <param name="more">Further variables (they win over the defaults above them).</param>
    public static ChaosSettings On(MotoFixture moto, string parameter, double timeScale = 1, string function = "f", IReadOnlyDictionary<string, string?>? more = null)
    {
        ArgumentNullException.ThrowIfNull(moto);
        var variables = new Dictionary<string, string?>
        {
            ["S3_BUCKET_NAME"] = "chaos-bucket-abc",
            ["SNS_TOPIC_NAME"] = "t",
            ["LAMBDA_FUNCTION_NAME"] = function,
            ["SQS_QUEUE_NAME"] = "q",
            ["AWS_REGION"] = MotoFixture.Region,
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            ["CHAOS_FAILURE_PARAMETER_NAME"] = parameter,
            ["CHAOS_TIME_SCALE"] = timeScale.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in more ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return ChaosSettingsLoader.Load(new MemoryConfigurationSource { InitialData = variables });
    }
}
