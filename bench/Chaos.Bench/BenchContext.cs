using Amazon.Runtime;
using Chaos.Aws.CloudWatch;
using Chaos.Aws.Configuration;
using Chaos.Engine.Settings;
using Microsoft.Extensions.Configuration.Memory;

namespace Chaos.Bench;

/// <summary>A running sandbox as the benchmark sees it: its settings, and clients that go through the counting proxy.</summary>
internal sealed record BenchContext(ChaosSettings Settings, string EnvFile, CountingProxy Proxy, Uri Moto, IReadOnlyList<int> MotoPids, string Root)
{
    public static readonly BasicAWSCredentials Credentials = new("testing", "testing");

    public static ChaosSettings Load(string envFile) =>
        ChaosSettingsLoader.Load(new MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { [StackVariables.EnvFile] = envFile } });

    public AmazonCloudWatchClient CloudWatch(bool throughProxy = true) =>
        new(new AmazonCloudWatchConfig { ServiceURL = (throughProxy ? Proxy.Endpoint : Moto).ToString(), Region = Settings.Region }, Credentials);

    public Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementClient Ssm() =>
        new(Credentials, new Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementConfig { ServiceURL = Settings.Endpoints[StackVariables.EndpointUrlPrefix + "SSM"].ToString(), AuthenticationRegion = Settings.Region });
}
