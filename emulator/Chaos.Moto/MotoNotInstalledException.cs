namespace Chaos.Moto;

/// <summary>Neither <c>moto_server</c> nor the <c>moto</c> Python module could be found.</summary>
public sealed class MotoNotInstalledException : Exception
{
    public const string InstallHint = "Install it with: pip install \"moto[server]\"";

    public MotoNotInstalledException()
        : base($"moto (the AWS API emulator) is not installed: no 'moto_server' on PATH and 'python3 -m moto.server' is not available. {InstallHint}")
    {
    }

    public MotoNotInstalledException(string message)
        : base(message)
    {
    }

    public MotoNotInstalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
