using Chaos.Aws.Configuration;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.Provisioning;

namespace Chaos.Sandbox.Cli;

/// <summary>
/// The sourceable file the sandbox writes once it is ready: the workshop's variables, the harness's extra names,
/// the endpoint, dummy credentials, region and time scale. Also read back to detect a sandbox still running.
/// </summary>
internal static class SandboxEnvFile
{
    public const string PidVariable = "CHAOS_SANDBOX_PID";
    public const string DummyKey = "testing";

    public static string Render(ProvisionedStack stack, SandboxEndpoints endpoints, double timeScale, int pid)
    {
        (string Key, string Value)[] values =
        [
            (StackVariables.BucketName, stack.Names.Bucket),
            (StackVariables.TopicName, stack.Names.Topic),
            (StackVariables.FunctionName, stack.Names.Function),
            (StackVariables.CsvQueueName, stack.Names.CsvQueue),
            (StackVariables.CsvQueueUrl, stack.CsvQueueUrl),
            (StackVariables.Region, stack.Region),
            (StackVariables.DefaultRegion, stack.Region),
            (StackVariables.JsonQueueName, stack.Names.JsonQueue),
            (StackVariables.ErrorQueueName, stack.Names.ErrorQueue),
            (StackVariables.TableName, stack.Names.Table),
            (StackVariables.FailureParameterName, stack.Names.FailureParameter),
            (StackVariables.TimeScale, timeScale.ToString(CultureInfo.InvariantCulture)),
            .. endpoints.Variables(),
            ("AWS_ACCESS_KEY_ID", DummyKey),
            ("AWS_SECRET_ACCESS_KEY", DummyKey),
            (PidVariable, pid.ToString(CultureInfo.InvariantCulture)),
        ];
        var text = new StringBuilder("#!/bin/sh\n");
        text.Append(CultureInfo.InvariantCulture, $"# Written by the chaos sandbox (PID {pid}) at {DateTime.UtcNow:O}; valid while it runs.\n");
        text.Append("# Source it (or point CHAOS_ENV_FILE at it) to run the experiments against the sandbox. The keys are moto's dummies.\n");
        foreach (var (key, value) in values)
        {
            text.Append(CultureInfo.InvariantCulture, $"export {key}=\"{value}\"\n");
        }

        return text.ToString();
    }

    /// <summary>Writes atomically, so nobody sources a half-written file.</summary>
    public static void Write(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The PID of a sandbox that wrote <paramref name="path"/> and is still running, if any.</summary>
    public static int? LiveOwner(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var values = EnvFileParser.Parse(File.ReadAllText(path), path);
            if (values.TryGetValue(PidVariable, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId)
            {
                using var process = Process.GetProcessById(pid);
                return process.HasExited ? null : pid;
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // not ours, or the process is gone
        }

        return null;
    }
}
