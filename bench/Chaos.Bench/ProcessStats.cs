using System.Globalization;

namespace Chaos.Bench;

/// <summary>CPU time and resident memory of a process and its descendants, read from /proc.</summary>
internal static class ProcessStats
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static IReadOnlyList<int> Tree(int root)
    {
        var all = Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0).ToList();
        var parents = all.ToDictionary(pid => pid, Parent);
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }

        return tree;
    }

    /// <summary>User + system CPU seconds used so far by <paramref name="pids"/>.</summary>
    public static double CpuSeconds(IEnumerable<int> pids) => pids.Sum(pid => Fields(pid) is { } f ? (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / TicksPerSecond : 0);

    /// <summary>Resident memory in MiB.</summary>
    public static double RssMiB(IEnumerable<int> pids) => pids.Sum(pid =>
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    });

    private static int Parent(int pid) => Fields(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : 0;

    // The fields after "(comm)": state is [0], ppid [1], utime [11], stime [12].
    private static string[]? Fields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
