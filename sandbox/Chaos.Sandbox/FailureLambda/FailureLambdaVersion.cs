namespace Chaos.Sandbox.FailureLambda;

/// <summary>Which failure-lambda the sandbox's function is deployed with (<c>--failure-lambda 0.4|1</c>).</summary>
internal enum FailureLambdaVersion
{
    /// <summary>0.4.4 wrapping the handler in the function's code (the workshop's): the flat parameter, read on every invocation.</summary>
    V04,

    /// <summary>
    /// 1.0.0's Lambda layer around a plain handler: the feature-flag parameter, cached per execution environment. The
    /// function's configuration says so as on AWS: the layer's ARN and <c>AWS_LAMBDA_EXEC_WRAPPER=/opt/failure-lambda-wrapper</c>.
    /// </summary>
    V1,
}
