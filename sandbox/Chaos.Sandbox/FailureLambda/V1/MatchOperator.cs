namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>layer/proxy/src/config.rs <c>MatchOperator</c>, written in camelCase: eq (the default), exists, startsWith, regex.</summary>
internal enum MatchOperator
{
    Eq,
    Exists,
    StartsWith,
    Regex,
}
