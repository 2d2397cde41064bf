using System.Diagnostics;
using System.Text.Json;
using Amazon.SimpleSystemsManagement.Model;

namespace Chaos.Bench.Measurements;

/// <summary>
/// From Ctrl+C (SIGINT to the process group of a real <c>dotnet test</c> of exp_1 against the sandbox) to the parameter
/// restored; meanwhile the test process's memory is sampled (the harness's overhead during an experiment).
/// </summary>
internal static class TimeToRollback
{
    public sealed record Result(TimeSpan FromCtrlC, double TestProcessRssMiB);

    /// <summary>A run can end before injecting (its fixture found the system not steady): try again, a few times.</summary>
    public static async Task<Result> RunAsync(BenchContext context)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await OnceAsync(context);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
        }
    }

    private static async Task<Result> OnceAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using (var cloudWatch = context.CloudWatch(throughProxy: false))
        {
            // exp_1's fixture checks the steady state first: let the previous measurement's fault wash out.
            await TimeToVerdict.WaitSteadyAsync(new Chaos.Engine.SteadyState.HypothesisEvaluator(cloudWatch, context.Settings.TimeScale, TimeProvider.System), Chaos.Engine.SteadyState.PipelineIndicators.SystemOperatingWithinNorms(context.Settings));
        }

        using var ssm = context.Ssm();
        var original = (await ssm.GetParameterAsync(new GetParameterRequest { Name = context.Settings.FailureParameterName })).Parameter.Value;
        var ledger = Directory.CreateTempSubdirectory("chaos-bench-ctrlc-").FullName;
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "dotnet", "test", Path.Combine(context.Root, "tests", "Chaos.Experiments"), "--filter", "Category=Chaos&FullyQualifiedName~MinorDelay" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CHAOS_ENV_FILE"] = context.EnvFile;
        start.Environment["CHAOS_ROLLBACK_DIR"] = ledger;
        start.Environment["CHAOS_RESULTS_DIR"] = Path.Combine(ledger, "results");
        using var run = Process.Start(start)!;
        var output = run.StandardOutput.ReadToEndAsync();
        _ = run.StandardError.ReadToEndAsync();

        var deadline = DateTime.UtcNow.AddMinutes(2);
        int? testProcess = null;
        while (testProcess is null && DateTime.UtcNow < deadline)
        {
            var record = Directory.GetFiles(ledger, "*.json").FirstOrDefault();
            if (record is not null)
            {
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(record));
                testProcess = json.RootElement.GetProperty("ProcessId").GetInt32();
            }
            else if (run.HasExited)
            {
                throw new InvalidOperationException($"exp_1 ended before injecting:\n{await output}");
            }
            else
            {
                await Task.Delay(50);
            }
        }

        if (testProcess is null)
        {
            throw new TimeoutException("exp_1 did not inject within 2 minutes");
        }

        // Let the experiment run a few samples, measuring the test process's memory.
        var rss = 0.0;
        for (var i = 0; i < 10; i++)
        {
            rss = Math.Max(rss, ProcessStats.RssMiB([testProcess.Value]));
            await Task.Delay(300);
        }

        var clock = Stopwatch.StartNew();
        _ = Kill(-run.Id, 2);
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var value = (await ssm.GetParameterAsync(new GetParameterRequest { Name = context.Settings.FailureParameterName })).Parameter.Value;
            if (value == original)
            {
                break;
            }

            await Task.Delay(10);
        }

        var took = clock.Elapsed;
        await run.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return new Result(took, rss);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
