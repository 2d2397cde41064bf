namespace Chaos.Rollback.Tests.Infrastructure;

/// <summary>A drill's <c>rollback.log</c>, read as the suite's table needs it.</summary>
public sealed class RollbackLogFile(string log)
{
    /// <summary>Which path restored the parameter, as the drill's <c>rollback.log</c> says (e.g. "SIGTERM received", "watchdog (process 123 gone)").</summary>
    /// <param name="first">The first restore the log names instead of the last (a run that restored a stale fault before its own).</param>
    public string RestoredBy(bool first = false)
    {
        var restores = File.Exists(log) ? File.ReadAllLines(log).Where(l => l.Contains(" restored to ", StringComparison.Ordinal)).ToList() : [];
        var line = first ? restores.FirstOrDefault() : restores.LastOrDefault();
        if (line is null)
        {
            return "(not logged)";
        }

        var afterPid = line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        var trigger = afterPid[..afterPid.IndexOf(": ", StringComparison.Ordinal)];
        return System.Text.RegularExpressions.Regex.Replace(trigger, @"\d+", "N");
    }

    /// <summary>
    /// When the last restore took effect in every warm container, as the drill's <c>rollback.log</c> states it for
    /// failure-lambda 1.x ("in effect in every warm container by HH:mm:ss.fff"); null when the log states no such time
    /// within 15 s (the line is written after the lease and the records are cleared, a moment after the restore is seen).
    /// </summary>
    public async Task<DateTime?> EffectiveByAsync(DateTime near, CancellationToken cancellationToken)
    {
        const string Marker = "in effect in every warm container by ";
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? line;
        while ((line = File.Exists(log) ? File.ReadAllLines(log).LastOrDefault(l => l.Contains(Marker, StringComparison.Ordinal)) : null) is null)
        {
            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(50, cancellationToken);
        }

        var at = line.IndexOf(Marker, StringComparison.Ordinal);

        var time = TimeSpan.ParseExact(line.Substring(at + Marker.Length, 12), @"hh\:mm\:ss\.fff", System.Globalization.CultureInfo.InvariantCulture);
        var candidates = new[] { near.Date.AddDays(-1), near.Date, near.Date.AddDays(1) }.Select(d => d + time);
        return DateTime.SpecifyKind(candidates.MinBy(c => Math.Abs((c - near).Ticks)), DateTimeKind.Utc);
    }
}
