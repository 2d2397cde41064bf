using System.Diagnostics;
using Chaos.Aws.Configuration;

namespace Chaos.Sandbox.Tests.Infrastructure;

/// <summary>
/// Runs the AWS CLI against the sandbox exactly as a workshop user would after <c>source</c>-ing its env file: the file's
/// variables (endpoints per service, region, dummy keys) in the environment, nothing else of the test's.
/// </summary>
public static class AwsCli
{
    public static async Task<string> RunAsync(SandboxFixture sandbox, CancellationToken cancellationToken, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var variables = EnvFileParser.Parse(await File.ReadAllTextAsync(sandbox.EnvFile, cancellationToken), sandbox.EnvFile);
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        // AWS CLI v1 sends every `aws sqs` command to its hard-coded legacy host (queue.amazonaws.com and
        // <region>.queue.amazonaws.com) unless --endpoint-url is on the command line: AWS_ENDPOINT_URL and
        // AWS_ENDPOINT_URL_SQS are ignored (awscli/customizations/overridesslcommonname.py; aws/aws-cli#8737). v2 honours
        // the variables. A user of v1 has to pass the flag too; the README says so.
        if (arguments.Length > 0 && arguments[0] == "sqs"
            && (variables.GetValueOrDefault("AWS_ENDPOINT_URL_SQS") ?? variables.GetValueOrDefault("AWS_ENDPOINT_URL")) is { } sqsEndpoint)
        {
            start.ArgumentList.Add("--endpoint-url");
            start.ArgumentList.Add(sqsEndpoint);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the aws CLI");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"aws {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
    }
}
