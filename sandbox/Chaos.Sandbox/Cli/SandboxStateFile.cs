using System.Globalization;
using System.Text;

namespace Chaos.Sandbox.Cli;

/// <summary>
/// Where the sandbox says how far it is, for scripts to wait on a state rather than scrape a log: a sourceable file
/// beside the env file (<c>&lt;env file&gt;.state</c>) with <c>CHAOS_SANDBOX_STATE</c> = <c>starting</c>, <c>ready</c>
/// (provisioned, load flowing), <c>warm</c> (a full indicator window of load has flowed and its metrics have arrived,
/// publication delays included) or <c>stopped</c>; <c>CHAOS_SANDBOX_WARM_BY</c> (epoch seconds) says when warm is due,
/// so a waiting script knows how long to wait at any time scale.
/// </summary>
internal static class SandboxStateFile
{
    public const string StateVariable = "CHAOS_SANDBOX_STATE";
    public const string WarmByVariable = "CHAOS_SANDBOX_WARM_BY";

    public static string PathFor(string envFile) => envFile + ".state";

    public static void Write(string envFile, string state, DateTimeOffset? warmBy, int seed)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{StateVariable}={state}\n");
        if (warmBy is { } due)
        {
            text.Append(CultureInfo.InvariantCulture, $"{WarmByVariable}={due.ToUnixTimeSeconds()}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"CHAOS_SANDBOX_SEED={seed}\n");
        SandboxEnvFile.Write(PathFor(envFile), text.ToString());
    }
}
