using System.Collections;
using Chaos.Engine.ChaosToolkit;
using Chaos.Engine.Settings;
using Chaos.Testing;

namespace Chaos.Engine.Tests.ChaosToolkit;

/// <summary>Hand-written experiment files in a folder of their own, loaded against a stack on moto.</summary>
internal sealed class CtkFiles : IDisposable
{
    public CtkFiles(MotoFixture moto, string parameter = "failureLambdaConfig", IReadOnlyDictionary<string, string>? variables = null)
    {
        Settings = Stacks.On(moto, parameter);
        var environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? string.Empty, StringComparer.Ordinal);
        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        Environment = environment;
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("ctk-files-").FullName;

    public ChaosSettings Settings { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public LoadedExperiment Load(string path, bool native = true) =>
        ChaosToolkitLoader.Load(path, new ChaosToolkitContext(Settings, Environment, Folder) { EvaluateNatively = native });

    public LoadedExperiment LoadText(string json, string name = "experiment.json") => Load(Write(name, json));

    /// <summary>A minimal valid experiment around <paramref name="probes"/>, <paramref name="method"/> and <paramref name="rest"/> (JSON members).</summary>
    public static string Experiment(string probes, string method = "[]", string rest = "") => $$"""
        {
            "title": "t",
            "description": "d",
            {{rest}}
            "steady-state-hypothesis": { "title": "h", "probes": {{probes}} },
            "method": {{method}}
        }
        """;

    public static string Probe(string name, string tolerance, string provider) => $$"""{ "type": "probe", "name": "{{name}}", "tolerance": {{tolerance}}, "provider": {{provider}} }""";

    public static string Sh(string script, string? argument = null) =>
        $$"""{ "type": "process", "path": "sh", "arguments": ["-c", {{System.Text.Json.JsonSerializer.Serialize(script)}}{{(argument is null ? string.Empty : ", " + System.Text.Json.JsonSerializer.Serialize(argument))}}] }""";

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
