using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chaos.Moto;

/// <summary>
/// An owned <c>moto_server</c> process on 127.0.0.1. It is started through a small shell guard that stops moto
/// when the owning process disappears (a crash, SIGKILL), so no emulator outlives its owner; Dispose stops it at once.
/// </summary>
public sealed class MotoServer : IAsyncDisposable, IDisposable
{
    private readonly Process process;

    private MotoServer(Process process, int port, string logFile)
    {
        this.process = process;
        Port = port;
        LogFile = logFile;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri Endpoint { get; }

    public string LogFile { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Completes if moto (or its guard) exits on its own, e.g. killed from outside.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public static async Task<MotoServer> StartAsync(MotoServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MotoServerOptions();
        var launcher = FindLauncher(options) ?? throw new MotoNotInstalledException();
        var port = options.Port == 0 ? FreePort() : options.Port;
        if (!IsPortFree(port))
        {
            throw new InvalidOperationException($"Port {port} on 127.0.0.1 is already in use: choose another with --port, or stop what holds it.");
        }

        var logFile = options.LogFile ?? Path.Combine(Path.GetTempPath(), $"moto-{port}-{Environment.ProcessId}.log");
        var guard =
            $"{launcher} -H 127.0.0.1 -p {port} >\"$2\" 2>&1 & m=$!\n" +
            "trap 'kill $m 2>/dev/null; wait $m; exit 0' TERM INT HUP\n" +
            "while kill -0 \"$1\" 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 0.5; done\n" +
            "kill $m 2>/dev/null; wait $m\n";
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = false };
        foreach (var argument in new[] { "-c", guard, "moto-guard", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), logFile })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /bin/sh to run moto");
        var server = new MotoServer(process, port, logFile);
        try
        {
            await server.WaitUntilReadyAsync(options.StartTimeout, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"moto exited while starting (code {process.ExitCode}): {ReadLog()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/moto-api/data.json"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // slow first answer
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"moto did not answer on {Endpoint} within {timeout.TotalSeconds:0} s: {ReadLog()}");
    }

    private string ReadLog()
    {
        try
        {
            var text = File.Exists(LogFile) ? File.ReadAllText(LogFile).Trim() : string.Empty;
            return text.Length == 0 ? "(no output)" : text[Math.Max(0, text.Length - 2000)..];
        }
        catch (IOException)
        {
            return "(log unreadable)";
        }
    }

    private static string? FindLauncher(MotoServerOptions options)
    {
        if (FindOnPath(options.Command) is { } server)
        {
            return Quote(server);
        }

        if (FindOnPath(options.PythonCommand) is { } python && Succeeds(python, "-c", "import moto.server"))
        {
            return $"{Quote(python)} -m moto.server";
        }

        return null;
    }

    private static string? FindOnPath(string command)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(command) ? command : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
    }

    private static bool Succeeds(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var probe = Process.Start(start);
        if (probe is null)
        {
            return false;
        }

        probe.WaitForExit(30_000);
        return probe.HasExited && probe.ExitCode == 0;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
