namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>layer/proxy/src/config.rs <c>MatchCondition</c>: a dot-separated path into the event, an optional value and operator.</summary>
internal sealed record MatchCondition(string Path, string? Value, MatchOperator? Operator);
