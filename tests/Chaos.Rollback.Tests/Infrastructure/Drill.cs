using System.Diagnostics;
using System.Text.Json;
using Amazon.SimpleSystemsManagement;
using Chaos.Engine.Lease;
using Chaos.Testing;

namespace Chaos.Rollback.Tests.Infrastructure;

/// <summary>
/// One fault drill: a real <c>dotnet test</c> of tests/Chaos.FaultDrills as a child process in its own process group,
/// pointed at moto with a parameter, ledger and results folder of its own.
/// </summary>
public sealed class Drill : IAsyncDisposable
{
    private readonly Process process;

    private readonly Lock logGate = new();

    private readonly List<(DateTime At, string Line)> lines = [];

    private Drill(Process process, DrillStack stack, string ledger, string results, string output, string work, Dictionary<string, string?> variables)
    {
        WorkDirectory = work;
        this.process = process;
        Stack = stack;
        Variables = variables;
        LedgerDirectory = ledger;
        ResultsDirectory = results;
        OutputFile = output;
    }

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The stack it runs against (pass it to another drill for a second run against the same stack).</summary>
    public DrillStack Stack { get; }

    /// <summary>The variables the drill's <c>dotnet test</c> was given.</summary>
    public IReadOnlyDictionary<string, string?> Variables { get; }

    public string Parameter => Stack.Parameter;

    /// <summary>The value before the drill; null when the parameter did not exist.</summary>
    public string? Original => Stack.Original;

    /// <summary>Everything the drill wrote: output, results, journals, ledger.</summary>
    public string WorkDirectory { get; }

    public string LedgerDirectory { get; }

    public string ResultsDirectory { get; }

    public string OutputFile { get; }

    /// <summary>The <c>dotnet test</c> process, leader of its own process group.</summary>
    public int DotnetTestPid => process.Id;

    public string Output
    {
        get
        {
            lock (logGate)
            {
                return File.Exists(OutputFile) ? File.ReadAllText(OutputFile) : string.Empty;
            }
        }
    }

    // Output events can arrive after the process has exited: append under a lock, opening the file each time.
    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logGate)
        {
            lines.Add((DateTime.UtcNow, line));
            File.AppendAllText(OutputFile, line + "\n");
        }
    }

    /// <summary>When a line containing <paramref name="text"/> arrived from the drill (waits for it, bounded).</summary>
    public async Task<DateTime> WhenPrintedAsync(string text, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            lock (logGate)
            {
                foreach (var (at, line) in lines.Where(l => l.Line.Contains(text, StringComparison.OrdinalIgnoreCase)))
                {
                    return at;
                }
            }

            await Task.Delay(10, cancellationToken);
        }

        throw new TimeoutException($"the drill never printed '{text}':\n{Output}");
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The parameter's value before the drill: its own JSON by default; <see cref="Absent"/> for none.</summary>
    public const string Absent = "<absent>";

    /// <summary>The file whose creation lets a gated drill go on (see the drills' DrillGate).</summary>
    public string GateFile => Path.Combine(WorkDirectory, "gate");

    /// <summary>Lets a gated drill go on; the time it was let go.</summary>
    public DateTime OpenGate()
    {
        var at = DateTime.UtcNow;
        File.WriteAllText(GateFile, string.Empty);
        return at;
    }

    /// <param name="gated">The drill waits after injecting until <see cref="OpenGate"/>.</param>
    /// <param name="stack">The stack to run against (another drill's, for a second run); a new one by default.</param>
    public static async Task<Drill> StartAsync(MotoFixture moto, string filter, CancellationToken cancellationToken, IDictionary<string, string?>? environment = null, string? runSettings = null, string? originalValue = null, bool gated = false, DrillStack? stack = null)
    {
        ArgumentNullException.ThrowIfNull(moto);
        stack ??= await DrillStack.CreateAsync(moto, originalValue == Absent ? null : originalValue ?? $"{{\"isEnabled\": false, \"drill\": \"{Guid.NewGuid():N}\"}}", cancellationToken);
        var work = Directory.CreateTempSubdirectory($"chaos-drill-{stack.Id}-").FullName;
        var project = Path.Combine(RepositoryRoot, "tests", "Chaos.FaultDrills", "Chaos.FaultDrills.csproj");
        var output = Path.Combine(work, "dotnet-test.log");
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "dotnet", "test", project, "--no-build", "--filter", $"Category=FaultDrill&{filter}", "--results-directory", Path.Combine(work, "results") })
        {
            start.ArgumentList.Add(argument);
        }

        if (runSettings is not null)
        {
            start.ArgumentList.Add("--settings");
            start.ArgumentList.Add(runSettings);
        }

        var variables = stack.Variables(moto, work);
        variables["CHAOS_DRILL_GATE"] = gated ? Path.Combine(work, "gate") : null;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        Apply(start, variables);
        var child = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet test");
        var drill = new Drill(child, stack, Path.Combine(work, "ledger"), Path.Combine(work, "results"), output, work, variables);
        child.OutputDataReceived += (_, e) => drill.Append(e.Data);
        child.ErrorDataReceived += (_, e) => drill.Append(e.Data);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return drill;
    }

    /// <summary>Waits until the fault is in (its rollback record is on disk) and returns the test host's PID.</summary>
    public async Task<int> WaitForInjectionAsync(IAmazonSimpleSystemsManagement ssm, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var record = Directory.Exists(LedgerDirectory) ? Directory.GetFiles(LedgerDirectory, "*.json").FirstOrDefault() : null;
            if (record is not null && await ValueAsync(ssm, cancellationToken) != Original)
            {
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(record, cancellationToken));
                return json.RootElement.GetProperty("ProcessId").GetInt32();
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"the drill ended before injecting (exit {process.ExitCode}):\n{Output}");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"the drill did not inject within 90 s:\n{Output}");
    }

    /// <summary>Polls the parameter until it holds its original value again; the time from <paramref name="since"/>.</summary>
    public async Task<TimeSpan?> WaitForRestoreAsync(IAmazonSimpleSystemsManagement ssm, DateTime since, TimeSpan limit, CancellationToken cancellationToken) =>
        await WaitForRestoreAtAsync(ssm, limit, cancellationToken) is { } at ? at - since : null;

    /// <summary>Polls the parameter until it holds its original value again (for at most <paramref name="limit"/>); when that was seen.</summary>
    public async Task<DateTime?> WaitForRestoreAtAsync(IAmazonSimpleSystemsManagement ssm, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < limit)
        {
            if (await ValueAsync(ssm, cancellationToken) == Original)
            {
                return DateTime.UtcNow;
            }

            await Task.Delay(25, cancellationToken);
        }

        return null;
    }

    /// <summary>True once no rollback record (on disk or in the stack) and no lease remain (bounded wait: the last steps follow the restore).</summary>
    public async Task<bool> CleanAsync(IAmazonSimpleSystemsManagement ssm, CancellationToken cancellationToken)
    {
        var lease = new StackLease(ssm, StackLease.NameFor(Parameter));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var records = Directory.Exists(LedgerDirectory) ? Directory.GetFiles(LedgerDirectory, "*.json") : [];
            if (records.Length == 0 && await lease.ReadAsync(cancellationToken) is null && await Stack.OpenRecordsAsync(ssm, cancellationToken) == 0)
            {
                return true;
            }

            await Task.Delay(50, cancellationToken);
        }

        return false;
    }

    /// <summary>What the drill's <c>rollback.log</c> says: which path restored, and when a restore took effect.</summary>
    public RollbackLogFile RollbackLog => new(Path.Combine(LedgerDirectory, "rollback.log"));

    public Task<string?> ValueAsync(IAmazonSimpleSystemsManagement ssm, CancellationToken cancellationToken) => Stack.ValueAsync(ssm, cancellationToken);

    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Signal(int pid, int signal) => _ = Kill(pid, signal);

    public void SignalGroup(int signal) => _ = Kill(-DotnetTestPid, signal);

    /// <summary>Kills whatever of the drill's process group is left (vstest.console and the test host can outlive "dotnet test").</summary>
    public async ValueTask DisposeAsync()
    {
        _ = Kill(-DotnetTestPid, 9);
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
        process.Dispose();
    }

    /// <summary>Sets <paramref name="variables"/> on <paramref name="start"/> (null removes one).</summary>
    public static void Apply(ProcessStartInfo start, IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var (key, value) in variables)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChaosTests.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ChaosTests.sln not found above " + AppContext.BaseDirectory);
    }
}
