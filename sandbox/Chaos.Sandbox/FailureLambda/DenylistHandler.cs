namespace Chaos.Sandbox.FailureLambda;

/// <summary>
/// failure-lambda's network block: a call whose AWS host (e.g. <c>dynamodb.us-east-1.amazonaws.com</c>, not the
/// emulator's address) matches a blocked pattern of its execution environment has its connection ended (0.4.x's mitm),
/// or its DNS lookup fails (1.x: <c>getaddrinfo ENOTFOUND</c>, src/failures/denylist.ts and layer/dns-intercept).
/// </summary>
internal sealed class DenylistHandler(DenylistState state, string awsHost) : DelegatingHandler(new SocketsHttpHandler())
{
    public string AwsHost => awsHost;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        !state.Blocks(awsHost) ? base.SendAsync(request, cancellationToken)
            : state.ByLookup ? throw new HttpRequestException(HttpRequestError.NameResolutionError, $"getaddrinfo ENOTFOUND {awsHost}")
            : throw new HttpRequestException(HttpRequestError.ConnectionError, $"socket hang up: connection to {awsHost} ended by failure-lambda's denylist");
}
