using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// failure-lambda 1.0.0 as its Lambda layer runs it (layer/wrapper, layer/proxy/src/*.rs): a proxy per execution
/// environment that starts with the runtime (logging its start and warming its config cache), and on every invocation
/// honours the kill switch, reads the config — from its cache while younger than <c>FAILURE_CACHE_TTL</c> — and rolls
/// the enabled flags. Its lines are tracing's JSON (<see cref="LayerLogLine"/>). Decisions only: the host applies them
/// (<see cref="LayerWrapper"/>).
/// </summary>
internal sealed class FailureLambdaLayer(Func<double> random, TimeScale scale, TimeProvider time)
{
    /// <summary>The layer's wrapper script (README "Getting Started: Lambda Layer"; layer/wrapper).</summary>
    public const string ExecWrapper = "/opt/failure-lambda-wrapper";

    public const string ExecWrapperVariable = "AWS_LAMBDA_EXEC_WRAPPER";

    /// <summary>
    /// The kill switch. The README ("No kill switch") and, after it, issue 12 say the layer does not implement it; the
    /// proxy at v1.0.0 does (proxy.rs checks it before fetching the config on every invocation), and the source wins.
    /// It does not stop the proxy's start-up fetch.
    /// </summary>
    public const string KillSwitch = "FAILURE_LAMBDA_DISABLED";

    private const string RuntimeApi = "127.0.0.1:9001";
    private const int ProxyPort = 9009;

    private readonly LayerDecider decider = new(random);

    public static bool IsAppConfig(IReadOnlyDictionary<string, string> variables) =>
        variables is not null && variables.TryGetValue("FAILURE_APPCONFIG_CONFIGURATION", out var name) && name.Length > 0;

    /// <summary>main.rs at a cold start: two start-up lines, the config fetched once (warming the cache), the listening line.</summary>
    public async Task StartAsync(LayerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Log(LayerLogLine.Info(("action", "startup"), ("message", "failure-lambda proxy starting")));
        context.Log(LayerLogLine.Info(("action", "startup"), ("original_runtime_api", RuntimeApi), ("proxy_port", ProxyPort)));
        await ConfigAsync(context, cancellationToken);
        context.Log(LayerLogLine.Info(("action", "proxy"), ("message", $"proxy listening on 127.0.0.1:{ProxyPort}")));
    }

    /// <summary>proxy.rs <c>handle_invocation_next</c> after its clean-up: the kill switch, the config, the rolls.</summary>
    public async Task<LayerPlan> NextAsync(LayerContext context, JsonElement @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Variables.TryGetValue(KillSwitch, out var disabled) && disabled == "true")
        {
            return LayerPlan.None;
        }

        var failures = (await ConfigAsync(context, cancellationToken)).Resolve();
        return failures.Count == 0 ? LayerPlan.None : decider.Decide(failures, @event);
    }

    /// <summary>The corruption flags that fire once the handler has responded (proxy.rs <c>handle_invocation_response</c>).</summary>
    public IReadOnlyList<ResolvedFailure> Corruptions(LayerPlan plan, JsonElement @event) => decider.Corruptions(plan, @event);

    /// <summary>
    /// config.rs <c>get_config</c>: the cache while fresh; else a fetch, logged (one line per fetch, with the TTL and the
    /// enabled flags) and cached; a failed fetch is logged and falls back on the last config, however old, or on none.
    /// </summary>
    public async Task<FlagsConfig> ConfigAsync(LayerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ttl = CacheTtl.Read(context.Variables, context.Log);
        if (context.Cache.Fresh(scale.Scale(ttl), time) is { } cached)
        {
            return cached;
        }

        string source;
        (FlagsConfig? Config, string? Error) fetched;
        if (IsAppConfig(context.Variables))
        {
            source = "appconfig";
            fetched = (null, AppConfigError(context.Variables));
        }
        else if (context.Variables.TryGetValue("FAILURE_INJECTION_PARAM", out var parameter) && parameter.Length > 0)
        {
            source = "ssm";
            fetched = await FromSsmAsync(context, parameter, cancellationToken);
        }
        else
        {
            return FlagsConfig.Empty;
        }

        if (fetched.Config is { } config)
        {
            context.Log(LayerLogLine.Info(
                ("action", "config"), ("config_source", source), ("cache_ttl_seconds", ttl.TotalSeconds), ("enabled_flags", LayerLogLine.DebugList(config.EnabledModes))));
            context.Cache.Store(config, time);
            return config;
        }

        context.Log(LayerLogLine.Error(("action", "config"), ("message", "error fetching config"), ("error", fetched.Error!)));
        if (context.Cache.Last is { } last)
        {
            context.Log(LayerLogLine.Warn(("action", "config"), ("message", "fetch failed; using last known config")));
            return last;
        }

        return FlagsConfig.Empty;
    }

    // config.rs fetch_from_ssm. An SDK error prints as aws-smithy's SdkError does: "service error" for an answer such as
    // ParameterNotFound, "dispatch failure" when no answer came. serde_json's parse error is approximated.
    private static async Task<(FlagsConfig?, string?)> FromSsmAsync(LayerContext context, string parameter, CancellationToken cancellationToken)
    {
        string? value;
        try
        {
            value = await context.GetParameter(parameter, cancellationToken);
        }
        catch (AmazonServiceException)
        {
            return (null, "SSM GetParameter failed: service error");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or AmazonClientException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, "SSM GetParameter failed: dispatch failure");
        }

        if (value is null)
        {
            return (null, $"SSM parameter \"{parameter}\" has no value");
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return (FlagsParser.Parse(document.RootElement, context.Log), null);
        }
        catch (JsonException e)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"SSM parameter is not valid JSON: expected value at line {(e.LineNumber ?? 0) + 1} column {(e.BytePositionInLine ?? 0) + 1}"));
        }
    }

    // config.rs fetch_from_appconfig: no AppConfig extension runs in the sandbox, so the request is refused (reqwest's words).
    private static string AppConfigError(IReadOnlyDictionary<string, string> variables)
    {
        foreach (var name in new[] { "FAILURE_APPCONFIG_APPLICATION", "FAILURE_APPCONFIG_ENVIRONMENT" })
        {
            if (!variables.ContainsKey(name))
            {
                return $"{name} not set";
            }
        }

        var port = variables.GetValueOrDefault("AWS_APPCONFIG_EXTENSION_HTTP_PORT", "2772");
        return $"AppConfig fetch failed: error sending request for url (http://localhost:{port}/applications/{variables["FAILURE_APPCONFIG_APPLICATION"]}/environments/{variables["FAILURE_APPCONFIG_ENVIRONMENT"]}/configurations/{variables["FAILURE_APPCONFIG_CONFIGURATION"]})";
    }
}
