namespace Chaos.Moto;

/// <summary>How to start moto. Defaults: a free loopback port, <c>moto_server</c> from PATH, 60 s to become ready.</summary>
public sealed record MotoServerOptions
{
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>The executable to try first; <c>python3 -m moto.server</c> is the fallback.</summary>
    public string Command { get; init; } = "moto_server";

    public string PythonCommand { get; init; } = "python3";

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where moto's own output goes; a temporary file when null.</summary>
    public string? LogFile { get; init; }
}
