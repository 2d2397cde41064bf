using System.Net;
using System.Text;

namespace Chaos.Aws.Tests.CloudWatch;

/// <summary>
/// A transport in front of the real one that answers the first <c>failures</c> requests with CloudWatch's
/// throttling error (HTTP 400, <c>__type</c> Throttling) and passes the rest to moto.
/// </summary>
internal sealed class ThrottlingTransport(int failures) : DelegatingHandler(new HttpClientHandler())
{
    private int attempts;

    public int Attempts => attempts;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref attempts) <= failures)
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("{\"__type\":\"com.amazonaws.monitoring#Throttling\",\"message\":\"Rate exceeded\"}", Encoding.UTF8, "application/x-amz-json-1.0"),
            };
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
