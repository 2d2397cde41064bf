namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// The error 1.x's proxy posts to the Runtime API in the runtime's place (<c>{"errorMessage", "errorType":
/// "FailureLambdaException"}</c>, layer/proxy/src/failures.rs <c>build_exception_payload</c>): the invocation fails,
/// the handler never ran, and the runtime writes no "Invoke Error" line.
/// </summary>
internal sealed class ProxyPostedErrorException : Exception
{
    public const string ErrorType = "FailureLambdaException";

    public ProxyPostedErrorException()
    {
    }

    public ProxyPostedErrorException(string message)
        : base(message)
    {
    }

    public ProxyPostedErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
