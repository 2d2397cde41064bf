using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Chaos.Engine.Tests.Report;

/// <summary>
/// Debian's Chromium, headless: loads a page from disk, runs its scripts (a virtual-time budget lets every timer fire),
/// and returns the DOM as the scripts left it and every message the page wrote to the console. Each run has a fresh
/// profile and no network services (no QUIC, background networking, component updates or sync).
/// </summary>
internal static partial class HeadlessChromium
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>The browser: <c>CHROMIUM</c> if set, else Debian's <c>/usr/bin/chromium</c>; null when neither exists.</summary>
    public static string? Executable =>
        Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    /// <summary>Skips the calling test when there is no browser, except in CI (<c>CI=true</c>), where .ci/run installs one.</summary>
    public static string Require()
    {
        if (Executable is { } executable)
        {
            return executable;
        }

        Assert.SkipWhen(Environment.GetEnvironmentVariable("CI") != "true", "Chromium is not installed (apt-get install -y chromium, or set CHROMIUM)");
        throw new InvalidOperationException("Chromium is not installed in CI: .ci/run installs it with apt-get install -y chromium");
    }

    public static async Task<(string Dom, IReadOnlyList<string> Console)> DumpAsync(string htmlPath, CancellationToken cancellationToken)
    {
        var executable = Require();
        var profile = Directory.CreateTempSubdirectory("chaos-chromium-");
        try
        {
            var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var flag in (string[])[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", "--dump-dom", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri])
            {
                start.ArgumentList.Add(flag);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Limit);
            var dom = process.StandardOutput.ReadToEndAsync(limit.Token);
            var log = process.StandardError.ReadToEndAsync(limit.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish with {htmlPath} within {Limit.TotalSeconds:0} s");
            }

            // Console messages (console.log/error, uncaught exceptions, failed loads) come out as "…:INFO:CONSOLE:12] "…", source: …".
            var console = (await log).Split('\n').Where(line => ConsoleLine().IsMatch(line)).ToList();
            return (await dom, console);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a crash reporter may still hold a file; the temporary folder is the system's to clean
            }
        }
    }

    [GeneratedRegex(@":CONSOLE[:(]")]
    private static partial Regex ConsoleLine();
}
