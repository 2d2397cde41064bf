namespace Chaos.Rollback.Tests.Infrastructure;

/// <summary>The watchdogs started for a ledger folder: detached processes (own session), so outside any drill's process group.</summary>
public static class WatchdogProcesses
{
    public static IReadOnlyList<int> Of(string ledgerDirectory) =>
        [.. Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Watches(pid, ledgerDirectory))];

    private static bool Watches(int pid, string ledgerDirectory)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return arguments.Contains("watchdog") && arguments.Any(a => a.StartsWith(ledgerDirectory, StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false; // ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
