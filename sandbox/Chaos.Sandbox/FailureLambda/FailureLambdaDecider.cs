using System.Text.RegularExpressions;

namespace Chaos.Sandbox.FailureLambda;

/// <summary>
/// failure-lambda 0.4.x's decision for one invocation: one draw of <paramref name="random"/> against <c>rate</c>
/// when <c>isEnabled</c> is boolean true, then the mode. The legacy <c>blacklist</c> mode and any mode it does not
/// know inject nothing and raise nothing, as in 0.4.x; so does a mode whose fields are missing or invalid.
/// </summary>
internal sealed class FailureLambdaDecider(Func<double> random)
{
    public Injection Decide(FailureLambdaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.IsEnabled || config.Rate is not { } rate || !(random() < rate))
        {
            return Injection.None;
        }

        switch (config.FailureMode)
        {
            case "latency" when config.MinLatency is { } min && config.MaxLatency is { } max:
                return new LatencyInjection(TimeSpan.FromMilliseconds(Math.Floor(min + (random() * (max - min)))));
            case "exception":
                return new ExceptionInjection(config.ExceptionMsg ?? string.Empty);
            case "statuscode" when config.StatusCode is { } code:
                return new StatusCodeInjection(code);
            case "diskspace" when config.DiskSpace is { } megabytes:
                return new DiskSpaceInjection(megabytes);
            case "denylist" when config.Denylist is { Count: > 0 } patterns && TryCompile(patterns) is { } regexes:
                return new DenylistInjection(regexes);
            default:
                return Injection.None;
        }
    }

    private static List<Regex>? TryCompile(IReadOnlyList<string> patterns)
    {
        try
        {
            return [.. patterns.Select(p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))];
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
