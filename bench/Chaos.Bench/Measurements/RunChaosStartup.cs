using System.Diagnostics;
using System.Text.Json;

namespace Chaos.Bench.Measurements;

/// <summary>
/// Cold and warm time of <c>./run-chaos.sh</c> up to its first probe (the fixture's steady-state check before
/// injecting), from a fresh clone: cold includes restore and build, warm runs again in the same clone.
/// </summary>
internal static class RunChaosStartup
{
    public sealed record Result(TimeSpan Cold, TimeSpan ColdTotal, TimeSpan Warm, TimeSpan WarmTotal);

    public static async Task<Result> RunAsync(string root)
    {
        var clone = Path.Combine(Directory.CreateTempSubdirectory("chaos-bench-clone-").FullName, "repo");
        await Shell("git", "clone", "-q", root, clone);
        var (cold, coldTotal) = await OnceAsync(clone);
        var (warm, warmTotal) = await OnceAsync(clone);
        return new Result(cold, coldTotal, warm, warmTotal);
    }

    private static async Task<(TimeSpan FirstProbe, TimeSpan Total)> OnceAsync(string clone)
    {
        var results = Directory.CreateTempSubdirectory("chaos-bench-run-").FullName;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo(Path.Combine(clone, "run-chaos.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--filter", "FullyQualifiedName~MinorDelay", "--lambda-timeout", "120" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CHAOS_RESULTS_DIR"] = results;
        using var run = Process.Start(start)!;
        _ = run.StandardOutput.ReadToEndAsync();
        _ = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        var total = clock.Elapsed;
        var journal = Directory.GetFiles(results, "*.json", SearchOption.AllDirectories).FirstOrDefault(f => f.Contains("journals", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("run-chaos.sh wrote no journal");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(journal));
        var before = json.RootElement.GetProperty("steady_states").GetProperty("before").GetProperty("at").GetDateTimeOffset();
        return (before - started, total);
    }

    private static async Task Shell(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
    }
}
