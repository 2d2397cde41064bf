using Amazon.Runtime;

namespace Chaos.Sandbox.FailureLambda;

/// <summary>Gives an AWS SDK client an HttpClient that honours its execution environment's denylist.</summary>
internal sealed class DenylistHttpClientFactory(DenylistState state, string region) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        return new HttpClient(new DenylistHandler(state, AwsHost(clientConfig.RegionEndpointServiceName, region)));
    }

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <summary>The host a call of this service would reach on AWS: what denylist patterns are matched against.</summary>
    public static string AwsHost(string service, string region) => $"{service}.{region}.amazonaws.com";
}
