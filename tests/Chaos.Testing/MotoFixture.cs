using Amazon.Runtime;
using Chaos.Aws.CloudWatch;
using Chaos.Moto;
using Xunit;

namespace Chaos.Testing;

/// <summary>
/// One moto server for the test assembly, on a free 127.0.0.1 port, always stopped at the end. The SDK is pointed
/// at it the standard way (AWS_ENDPOINT_URL, dummy credentials, region), so clients are built exactly as in production.
/// If moto is missing the fixture fails with the install command; it never skips silently.
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";

    private MotoServer? server;

    public Uri Endpoint => server?.Endpoint ?? throw new InvalidOperationException("moto is not started");

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("testing", "testing");

    public async ValueTask InitializeAsync()
    {
        server = await MotoServer.StartAsync();
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", server.Endpoint.ToString());
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        Environment.SetEnvironmentVariable("AWS_REGION", Region);
    }

    public AmazonCloudWatchClient CloudWatch(HttpMessageHandler? transport = null, int maxErrorRetry = 4) =>
        new(new AmazonCloudWatchConfig { ServiceURL = Endpoint.ToString(), Region = Region, MaxErrorRetry = maxErrorRetry, BaseBackoff = TimeSpan.FromMilliseconds(5) }, Credentials, transport);

    public Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementClient Ssm() =>
        new(Credentials, new Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region });

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
