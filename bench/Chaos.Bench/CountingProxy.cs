using System.Net;

namespace Chaos.Bench;

/// <summary>
/// A reverse proxy on 127.0.0.1 in front of moto that counts the AWS API requests passing through, so the harness and
/// the AWS CLI are counted the same way.
/// </summary>
internal sealed class CountingProxy : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly HttpClient forward = new();
    private readonly Uri target;
    private readonly CancellationTokenSource stop = new();
    private long requests;

    public CountingProxy(Uri target, int port)
    {
        this.target = target;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    public long Requests => Interlocked.Read(ref requests);

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        forward.Dispose();
        stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(context));
        }
    }

    private async Task RelayAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref requests);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(target, context.Request.RawUrl));
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        request.Content = new ByteArrayContent(body.ToArray());
        foreach (var name in context.Request.Headers.AllKeys.OfType<string>())
        {
            var value = context.Request.Headers[name]!;
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await forward.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Content.Headers.Where(h => h.Key == "Content-Type"))
        {
            context.Response.ContentType = string.Join(",", header.Value);
        }

        var bytes = await response.Content.ReadAsByteArrayAsync();
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
