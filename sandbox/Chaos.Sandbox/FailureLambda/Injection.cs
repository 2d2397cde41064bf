using System.Text.RegularExpressions;

namespace Chaos.Sandbox.FailureLambda;

/// <summary>What failure-lambda decided for one invocation, before the handler runs.</summary>
public abstract record Injection
{
    public static readonly Injection None = new NoInjection();
}

/// <summary>Nothing injected: the handler runs as is.</summary>
public sealed record NoInjection : Injection;

/// <summary>Sleep this long (AWS time), then run the handler; counts against the timeout.</summary>
public sealed record LatencyInjection(TimeSpan AwsDelay) : Injection;

/// <summary>Throw this message; the handler is skipped.</summary>
public sealed record ExceptionInjection(string Message) : Injection;

/// <summary>Return <c>{statusCode}</c> without running the handler: for an SQS trigger, a success.</summary>
public sealed record StatusCodeInjection(int StatusCode) : Injection;

/// <summary>Fill the environment's /tmp with this many MB, then run the handler.</summary>
public sealed record DiskSpaceInjection(double Megabytes) : Injection;

/// <summary>Block connections to hosts matching any of these, from now on in this execution environment.</summary>
public sealed record DenylistInjection(IReadOnlyList<Regex> Patterns) : Injection;
