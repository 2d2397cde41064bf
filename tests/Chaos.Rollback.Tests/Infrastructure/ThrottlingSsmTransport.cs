using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Chaos.Rollback.Tests.Infrastructure;

/// <summary>
/// The one test double of the suite: SSM's transport, answering PutParameter with ThrottlingException while armed
/// (as many times as asked), passing everything else to moto.
/// </summary>
public sealed class ThrottlingSsmTransport : HttpClientFactory
{
    private int remaining;
    private int throttled;

    public int Throttled => Volatile.Read(ref throttled);

    public void Arm(int times) => Volatile.Write(ref remaining, times);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class Handler(ThrottlingSsmTransport owner) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.FirstOrDefault() : null;
            if (target == "AmazonSSM.PutParameter" && Interlocked.Decrement(ref owner.remaining) >= 0)
            {
                Interlocked.Increment(ref owner.throttled);
                return new HttpResponseMessage(HttpStatusCode.BadRequest)
                {
                    Content = new StringContent("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", Encoding.UTF8, "application/x-amz-json-1.1"),
                };
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
