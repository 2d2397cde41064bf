namespace Chaos.Sandbox.Aws;

/// <summary>An error answer from one of the sandbox's small AWS clients (Lambda, SNS, IAM).</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException()
    {
    }

    public AwsServiceException(string message)
        : base(message)
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AwsServiceException(string service, string operation, int status, string body)
        : base($"{service} {operation} failed ({status}): {(body.Length > 400 ? body[..400] + "…" : body)}")
    {
        Status = status;
        Body = body;
    }

    public int Status { get; }

    public string Body { get; } = string.Empty;
}
