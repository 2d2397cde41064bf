namespace Chaos.Sandbox.Aws;

/// <summary>What the function host reads before each invocation: the timeout (seconds, unscaled) and the environment.</summary>
public sealed record LambdaFunctionConfiguration(string FunctionName, string FunctionArn, int TimeoutSeconds, IReadOnlyDictionary<string, string> Environment);
