using System.Diagnostics;

namespace Chaos.Sandbox.Tests.Infrastructure;

/// <summary>Runs the AWS CLI against the sandbox exactly as a workshop user would, with the env file's variables.</summary>
public static class AwsCli
{
    public static async Task<string> RunAsync(SandboxFixture sandbox, CancellationToken cancellationToken, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(sandbox.Endpoint.ToString());
        start.ArgumentList.Add("--region");
        start.ArgumentList.Add(sandbox.Settings.Region);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the aws CLI");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"aws {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
    }
}
