using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Chaos.Fixtures.Signing;

namespace Chaos.Sandbox.Aws;

/// <summary>
/// The Lambda API calls the sandbox needs (REST-JSON, <c>/2015-03-31/functions</c>); <c>AWSSDK.Lambda</c> is not served
/// by the registry here. moto stores the function, so <c>aws lambda update-function-configuration</c> changes it live.
/// </summary>
public sealed class LambdaApi(HttpClient http, string region, Uri? endpoint = null, AWSCredentials? credentials = null)
{
    private readonly SignedHttpSender sender = new(http, region, "lambda", credentials);
    private readonly Uri endpoint = endpoint ?? SignedHttpSender.ResolveEndpoint("Lambda", "lambda", region);

    public async Task<LambdaFunctionConfiguration> CreateFunctionAsync(string name, string role, int timeoutSeconds, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["FunctionName"] = name,
            ["Runtime"] = "nodejs18.x",
            ["Role"] = role,
            ["Handler"] = "index.handler",
            ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(PlaceholderPackage()) },
            ["Timeout"] = timeoutSeconds,
            ["MemorySize"] = 128,
            ["Environment"] = new JsonObject { ["Variables"] = new JsonObject(environment.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) },
        };
        var answer = await SendAsync(HttpMethod.Post, "/2015-03-31/functions", body.ToJsonString(), "CreateFunction", cancellationToken);
        return Parse(answer);
    }

    public async Task<LambdaFunctionConfiguration> GetFunctionConfigurationAsync(string name, CancellationToken cancellationToken) =>
        Parse(await SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{Uri.EscapeDataString(name)}/configuration", null, "GetFunctionConfiguration", cancellationToken));

    public async Task<LambdaFunctionConfiguration> UpdateTimeoutAsync(string name, int timeoutSeconds, CancellationToken cancellationToken) =>
        Parse(await SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{Uri.EscapeDataString(name)}/configuration", new JsonObject { ["Timeout"] = timeoutSeconds }.ToJsonString(), "UpdateFunctionConfiguration", cancellationToken));

    private async Task<string> SendAsync(HttpMethod method, string path, string? json, string operation, CancellationToken cancellationToken)
    {
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        IReadOnlyList<KeyValuePair<string, string>> headers = json is null ? [] : [new("Content-Type", "application/json")];
        using var response = await sender.SendAsync(method, new Uri(endpoint, path), headers, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created
            ? text
            : throw new AwsServiceException("Lambda", operation, (int)response.StatusCode, text);
    }

    private static LambdaFunctionConfiguration Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var variables = root.TryGetProperty("Environment", out var env) && env.TryGetProperty("Variables", out var vars)
            ? vars.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty)
            : [];
        return new LambdaFunctionConfiguration(
            root.GetProperty("FunctionName").GetString()!,
            root.GetProperty("FunctionArn").GetString()!,
            root.TryGetProperty("Timeout", out var timeout) ? timeout.GetInt32() : 3,
            variables);
    }

    // moto stores the package and never runs it (the sandbox's function host does): a one-file zip is enough.
    private static byte[] PlaceholderPackage()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("index.js").Open());
            writer.Write("// The sandbox's function host runs the ETL function; this package only registers it.\nexports.handler = async () => ({});\n");
        }

        return stream.ToArray();
    }
}
