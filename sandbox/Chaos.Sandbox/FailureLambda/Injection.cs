using System.Text.RegularExpressions;

namespace Chaos.Sandbox.FailureLambda;

/// <summary>What failure-lambda decided for one invocation, before the handler runs.</summary>
internal abstract record Injection
{
    public static readonly Injection None = new NoInjection();
}

/// <summary>Nothing injected: the handler runs as is.</summary>
internal sealed record NoInjection : Injection;

/// <summary>Sleep this long (AWS time), then run the handler; counts against the timeout.</summary>
internal sealed record LatencyInjection(TimeSpan AwsDelay) : Injection;

/// <summary>Throw this message; the handler is skipped.</summary>
internal sealed record ExceptionInjection(string Message) : Injection;

/// <summary>Return <c>{statusCode}</c> without running the handler: for an SQS trigger, a success.</summary>
internal sealed record StatusCodeInjection(int StatusCode) : Injection;

/// <summary>Fill the environment's /tmp with this many MB, then run the handler.</summary>
internal sealed record DiskSpaceInjection(double Megabytes) : Injection;

/// <summary>Block connections to hosts matching any of these, from now on in this execution environment.</summary>
internal sealed record DenylistInjection(IReadOnlyList<Regex> Patterns) : Injection;
