using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Shouldly;

namespace Chaos.Moto.Tests;

public sealed class MotoServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_moto_is_not_installed_the_error_says_how_to_install_it()
    {
        var options = new MotoServerOptions { Command = "/nonexistent/moto_server", PythonCommand = "/nonexistent/python3" };

        var error = await Should.ThrowAsync<MotoNotInstalledException>(() => MotoServer.StartAsync(options, Token));

        error.Message.ShouldContain("pip install \"moto[server]\"");
    }

    [Fact]
    public async Task Given_a_port_in_use_it_refuses_to_start_naming_the_port()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var error = await Should.ThrowAsync<InvalidOperationException>(() => MotoServer.StartAsync(new MotoServerOptions { Port = port }, Token));

        error.Message.ShouldContain($"Port {port}");
    }

    [Fact]
    public async Task Given_a_started_server_it_listens_on_loopback_only_and_disposal_stops_every_process()
    {
        var server = await MotoServer.StartAsync(cancellationToken: Token);
        var pid = server.ProcessId;
        server.Endpoint.Host.ShouldBe("127.0.0.1");
        using (var http = new HttpClient())
        {
            (await http.GetAsync(new Uri(server.Endpoint, "/moto-api/data.json"), Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await server.DisposeAsync();

        ProcessIsGone(pid).ShouldBeTrue();
        using var probe = new TcpClient();
        await Should.ThrowAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, server.Port, Token).AsTask());
    }

    private static bool ProcessIsGone(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
