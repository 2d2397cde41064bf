namespace Chaos.Sandbox.FunctionHost;

/// <summary>The error failure-lambda's exception mode throws.</summary>
internal sealed class InjectedException : Exception
{
    public InjectedException()
    {
    }

    public InjectedException(string message)
        : base(message)
    {
    }

    public InjectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
