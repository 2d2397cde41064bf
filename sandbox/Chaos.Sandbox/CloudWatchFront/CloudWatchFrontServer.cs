using System.Text;
using System.Text.Json;
using Chaos.Aws.CloudWatch;
using Chaos.Aws.CloudWatch.Model;
using Chaos.Aws.MetricMath;
using Chaos.Aws.MetricMath.Syntax;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chaos.Sandbox.CloudWatchFront;

/// <summary>
/// CloudWatch as AWS serves it, in front of moto, for every client (the harness, the AWS CLI, botocore, Chaos Toolkit):
/// a <c>GetMetricData</c> call that holds a metric-math expression is answered here (moto answers every expression with
/// an empty series), in the wire protocol it came in — JSON 1.0 (the .NET SDK, today's AWS CLI and botocore) or the
/// query protocol (older CLIs and SDKs). Every other request, and every <c>GetMetricData</c> without an expression, is
/// passed to moto unchanged. Listens on 127.0.0.1 only; the sandbox's env file points <c>AWS_ENDPOINT_URL_CLOUDWATCH</c> here.
/// </summary>
internal sealed class CloudWatchFrontServer : IAsyncDisposable
{
    private const string JsonTarget = "GraniteServiceVersion20100801.GetMetricData";
    private readonly WebApplication app;
    private readonly HttpClient forward;
    private readonly Uri moto;
    private readonly MetricMathAnswerer answerer;
    private long answered;

    private CloudWatchFrontServer(WebApplication app, Uri moto, IAmazonCloudWatch motoCloudWatch)
    {
        this.app = app;
        this.moto = moto;
        forward = new HttpClient { BaseAddress = moto, Timeout = TimeSpan.FromSeconds(60) };
        answerer = new MetricMathAnswerer(motoCloudWatch);
        app.Run(HandleAsync);
    }

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    /// <summary>GetMetricData calls answered here (with an expression), for reports.</summary>
    public long Answered => Interlocked.Read(ref answered);

    public static async Task<CloudWatchFrontServer> StartAsync(Uri moto, IAmazonCloudWatch motoCloudWatch, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        var server = new CloudWatchFrontServer(builder.Build(), moto, motoCloudWatch);
        await server.app.StartAsync(cancellationToken);
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        var body = await ReadBodyAsync(context.Request);
        var requestId = Guid.NewGuid().ToString();
        if (context.Request.Headers["X-Amz-Target"] == JsonTarget)
        {
            var request = JsonSerializer.Deserialize<GetMetricDataRequest>(body, CloudWatchJson.Options);
            if (request is not null && MetricMathAnswerer.HasExpression(request))
            {
                await AnswerJsonAsync(context, request, requestId);
                return;
            }
        }
        else if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            var form = Form(body);
            if (form.GetValueOrDefault("Action") == "GetMetricData")
            {
                var request = QueryProtocolReader.Read(form);
                if (MetricMathAnswerer.HasExpression(request))
                {
                    await AnswerQueryAsync(context, request, requestId);
                    return;
                }
            }
        }

        await ForwardAsync(context, body);
    }

    private async Task AnswerJsonAsync(HttpContext context, GetMetricDataRequest request, string requestId)
    {
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.ContentType = "application/x-amz-json-1.0";
        try
        {
            var response = await answerer.AnswerAsync(request, context.RequestAborted);
            Interlocked.Increment(ref answered);
            await context.Response.WriteAsync(JsonSerializer.Serialize(response, CloudWatchJson.Options), context.RequestAborted);
        }
        catch (Exception e) when (e is MetricMathException or MetricMathSyntaxException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.Headers["x-amzn-query-error"] = "InvalidParameterValue;Sender";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "InvalidParameterValue", ["message"] = e.Message }), context.RequestAborted);
        }
    }

    private async Task AnswerQueryAsync(HttpContext context, GetMetricDataRequest request, string requestId)
    {
        context.Response.ContentType = "text/xml";
        try
        {
            var response = await answerer.AnswerAsync(request, context.RequestAborted);
            Interlocked.Increment(ref answered);
            await context.Response.WriteAsync(QueryProtocolWriter.Write(response, requestId), context.RequestAborted);
        }
        catch (Exception e) when (e is MetricMathException or MetricMathSyntaxException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(QueryProtocolWriter.Error("InvalidParameterValue", e.Message, requestId), context.RequestAborted);
        }
    }

    // Everything else goes to moto as it came (headers and body untouched; moto does not check signatures).
    private async Task ForwardAsync(HttpContext context, byte[] body)
    {
        var incoming = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(moto, incoming.Path + incoming.QueryString));
        if (body.Length > 0 || !HttpMethods.IsGet(incoming.Method))
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        using var answer = await forward.SendAsync(message, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static Dictionary<string, string> Form(byte[] body) =>
        Encoding.UTF8.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty, StringComparer.Ordinal);
}
