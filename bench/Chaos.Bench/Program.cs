using System.Globalization;
using System.Text;
using Chaos.Aws.Configuration;
using Chaos.Bench.Measurements;
using Chaos.Bench;
using Chaos.Engine.Outcome;
using Chaos.Sandbox.Cli;

// dotnet run -c Release --project bench/Chaos.Bench -- [--quick] [--skip-capacity] [--skip-startup] [--skip-bdn] [--skip-ctk] [--bdn] [--ctk]
// Everything compared is measured in this one invocation, against one sandbox (and, for section 7, a moto of its own), on this machine.
const int CtkRounds = 5;
if (args.Contains("--ctk"))
{
    var file = Path.Combine(FindRoot(), "BENCHMARKS.md");
    var section = ChaosToolkitFileCost.Section(await ChaosToolkitFileCost.RunAsync(FindRoot(), CtkRounds), CtkRounds);
    Console.WriteLine(section);
    await File.WriteAllTextAsync(file, ChaosToolkitFileCost.Replace(File.Exists(file) ? await File.ReadAllTextAsync(file) : string.Empty, section));
    Console.WriteLine($"written: section 7 of {file}");
    return 0;
}

if (args.Contains("--bdn"))
{
    var file = Path.Combine(FindRoot(), "BENCHMARKS.md");
    var section = LocalMetricMath.Run();
    Console.WriteLine(section);
    await File.WriteAllTextAsync(file, LocalMetricMath.Replace(File.Exists(file) ? await File.ReadAllTextAsync(file) : string.Empty, section));
    Console.WriteLine($"written: section 6 of {file}");
    return 0;
}

var quick = args.Contains("--quick");
var root = FindRoot();
var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(Path.GetTempPath(), "chaos-bench-sandbox.log")) { AutoFlush = true });
var report = new StringBuilder();
void Say(string line)
{
    Console.WriteLine(line);
    report.AppendLine(line);
}

Say($"# Benchmarks\n\nMachine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
Say($"Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Command: `dotnet run -c Release --project bench/Chaos.Bench{(quick ? " -- --quick" : string.Empty)}`.");
Say($"The sandbox runs at its default time scale ({SandboxOptions.DefaultTimeScale}); AWS-equivalent times are sandbox times × {SandboxOptions.DefaultTimeScale}.\n");

var folder = Directory.CreateTempSubdirectory("chaos-bench-").FullName;
using var stop = new CancellationTokenSource();
var runner = new SandboxRunner(log);
var sandbox = runner.RunAsync(new SandboxOptions { EnvFile = Path.Combine(folder, "env.sh") }, stop.Token);
var envFile = await runner.Ready.WaitAsync(TimeSpan.FromMinutes(2));
var settings = BenchContext.Load(envFile);
var moto = settings.Endpoints[StackVariables.EndpointUrlPrefix + "CLOUDWATCH"];
using var proxy = new CountingProxy(moto, CountingProxy.FreePort());
var context = new BenchContext(settings, envFile, proxy, moto, runner.MotoProcessIds, root);
await Task.Delay(settings.Scale(TimeSpan.FromSeconds(300)) + TimeSpan.FromSeconds(2)); // a full window of data

var cost = await SteadyStateCost.RunAsync(context, rounds: quick ? 5 : 10, harnessPerRound: quick ? 3 : 5);
Say("## 1. One steady-state evaluation (the seed's three indicators)\n");
Say("| way | wall time: median (p10–p90) | AWS API requests per evaluation |\n|---|---|---|");
Say(string.Create(CultureInfo.InvariantCulture, $"| harness (one GetMetricData, local metric math) | {cost.Harness.Median:0.0} ms ({cost.Harness.P10:0.0}–{cost.Harness.P90:0.0}, n={cost.Harness.Count}) | {cost.HarnessRequests:0.##} |"));
Say(string.Create(CultureInfo.InvariantCulture, $"| workshop (2 × `aws cloudwatch get-metric-data` + `get-metric-statistics`) | {cost.Workshop.Median:0.0} ms ({cost.Workshop.P10:0.0}–{cost.Workshop.P90:0.0}, n={cost.Workshop.Count}) | {cost.WorkshopRequests:0.##} |"));
Say(string.Create(CultureInfo.InvariantCulture, $"\nThe harness is **{cost.Speedup:0.#}× faster** (target ≥ 20×) with **{cost.HarnessRequests:0.##}** request (target 1). Requests counted by a proxy in front of moto.\n"));

var verdict = await TimeToVerdict.RunAsync(context, log.WriteLine);
Say("## 2. Time to verdict of exp_1 (3 s function timeout) under AWS-like metric delays\n");
Say("The engine runs exp_1 end to end against the sandbox (SQS metrics 90 ± 30 s late, Lambda and SNS 60 ± 30 s, the function's own at once; windows end `CHAOS_METRIC_LAG_SECONDS` = 180 s before now): settle, inject, the 360 s pause, roll back, then judge the fault's last window once its metrics are in. AWS time throughout.\n");
Say("| way | verdict | settle | injection → verdict | end of pause → verdict | pause |\n|---|---|---|---|---|---|");
foreach (var run in new[] { verdict.Guarded, verdict.Unguarded })
{
    Say(string.Create(CultureInfo.InvariantCulture, $"| engine, {run.Way} | {VerdictNames.Of(run.Verdict)} | {run.SettleAws:0} s | {run.InjectionToVerdictAws:0} s | {run.PauseEndToVerdictAws:0} s | {run.PauseAws:0} s |"));
}

Say(string.Create(CultureInfo.InvariantCulture, $"| workshop: the blind 360 s pause, then one read ending *now* | (read on a window whose newest minutes of SQS and Lambda data have not arrived) | — | {verdict.BlindAws:0} s + the read | ≈ 0 s | {verdict.BlindAws:0} s |"));
Say(string.Create(CultureInfo.InvariantCulture, $"\nWatched by its guard, exp_1's verdict came {verdict.Guarded.InjectionToVerdictAws:0} s (AWS) after the injection, against the blind pause's {verdict.BlindAws:0} s on incomplete data; unguarded, the price of a complete window is {verdict.Unguarded.PauseEndToVerdictAws:0} s after the pause. Reasons: guarded — {verdict.Guarded.Reason}; unguarded — {verdict.Unguarded.Reason}\n"));

var rollback = await TimeToRollback.RunAsync(context);
Say("## 3. Time to rollback\n");
Say("| from | to the parameter restored |\n|---|---|");
Say(string.Create(CultureInfo.InvariantCulture, $"| a guard firing (in-process rollback: restore, verify, release the lease, clear the record) | {verdict.RollbackAfterGuard.TotalMilliseconds:0} ms |"));
Say(string.Create(CultureInfo.InvariantCulture, $"| Ctrl+C to a real `dotnet test` of exp_1 (SIGINT to its process group) | {rollback.FromCtrlC.TotalMilliseconds:0} ms |"));
Say("\nTarget: under 1 second.\n");

if (!args.Contains("--skip-capacity"))
{
    await stop.CancelAsync();
    await sandbox.WaitAsync(TimeSpan.FromSeconds(60));
    var rows = await SandboxCapacity.RunAsync(quick ? [2, 4] : [2, 4, 6, 8, 12, 16, 24], log);
    Say("## 4. Sandbox capacity (no fault, no malformed objects, one 5-minute window each)\n");
    Say("| load (objects per AWS s) | offered per real s | achieved per real s | percent in error | backlog | lost | sandbox CPU | moto CPU | sandbox RSS | moto RSS | sustained |\n|---|---|---|---|---|---|---|---|---|---|---|");
    foreach (var row in rows)
    {
        Say(string.Create(CultureInfo.InvariantCulture, $"| {row.Rate} | {row.ObjectsPerSecond} | {row.AchievedPerSecond:0.0} | {row.ErrorPercent?.ToString("0.##", CultureInfo.InvariantCulture) ?? "no data"} | {row.Backlog} | {row.Unaccounted} | {row.SandboxCpuPercent:0}% | {row.MotoCpuPercent:0}% | {row.SandboxRssMiB:0} MiB | {row.MotoRssMiB:0} MiB | {(row.Sustained ? "yes" : "no")} |"));
    }

    var best = rows.Where(r => r.Sustained).Select(r => r.Rate).DefaultIfEmpty(0).Max();
    var limit = rows.LastOrDefault(r => !r.Sustained) is { } first ? $"the next step ({first.Rate}) was not" : "every step measured was, so this is a lower bound";
    Say(string.Create(CultureInfo.InvariantCulture, $"\nHighest load sustained (at least 95% of the offered load achieved, error ≤ 1%, nothing lost, backlog ≤ 2 s of load): **{best} objects per AWS second** ({best * SandboxOptions.DefaultTimeScale} per real second); {limit}. The workshop's load is 2. CPU is percent of one core; moto serves requests on one core (Python), which is where the sandbox saturates.\n"));
}
else
{
    await stop.CancelAsync();
    await sandbox.WaitAsync(TimeSpan.FromSeconds(60));
}

Say("## 5. Harness overhead\n");
Say(string.Create(CultureInfo.InvariantCulture, $"Memory of the test process during exp_1: **{rollback.TestProcessRssMiB:0} MiB** resident (the xUnit v3 test process, sampled while it ran).\n"));
if (!args.Contains("--skip-startup"))
{
    var startup = await RunChaosStartup.RunAsync(root);
    Say("| `./run-chaos.sh --filter FullyQualifiedName~MinorDelay` in a fresh clone | up to the first probe | whole run |\n|---|---|---|");
    Say(string.Create(CultureInfo.InvariantCulture, $"| cold (restore, build, sandbox start and warm-up) | {startup.Cold.TotalSeconds:0.0} s | {startup.ColdTotal.TotalSeconds:0.0} s |"));
    Say(string.Create(CultureInfo.InvariantCulture, $"| warm (built; sandbox start and warm-up) | {startup.Warm.TotalSeconds:0.0} s | {startup.WarmTotal.TotalSeconds:0.0} s |"));
    Say($"\nThe warm-up waits one full indicator window ({settings.Scale(TimeSpan.FromSeconds(300)).TotalSeconds:0} s) so the first probe has data.\n");
}

if (!args.Contains("--skip-bdn"))
{
    Say(LocalMetricMath.Run());
}

if (!args.Contains("--skip-ctk"))
{
    Say(ChaosToolkitFileCost.Section(await ChaosToolkitFileCost.RunAsync(root, CtkRounds), CtkRounds));
}

await File.WriteAllTextAsync(Path.Combine(root, "BENCHMARKS.md"), report.ToString());
Console.WriteLine($"written: {Path.Combine(root, "BENCHMARKS.md")}");
return 0;

static string FindRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChaosTests.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}
