using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Chaos.Rollback.Tests.Infrastructure;

/// <summary>
/// The README's table — scenario, rollback done?, time to restore — as the suite measured it, written at the end to
/// <c>results/rollback-scenarios.md</c> at the repository root (and printed by each test).
/// </summary>
public sealed class ScenarioTable : IDisposable
{
    private readonly ConcurrentDictionary<int, (string Scenario, bool Restored, TimeSpan Took, string How)> rows = new();

    public static string Header => "| scenario | rollback done? | time to restore | by |\n|---|---|---|---|";

    public string Add(int order, string scenario, bool restored, TimeSpan took, string how)
    {
        rows[order] = (scenario, restored, took, how);
        return Row(rows[order]);
    }

    public void Dispose()
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (_, row) in rows.OrderBy(r => r.Key))
        {
            text.Append(Row(row)).Append('\n');
        }

        var folder = Path.Combine(Drill.RepositoryRoot, "results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "rollback-scenarios.md"), text.ToString());
    }

    private static string Row((string Scenario, bool Restored, TimeSpan Took, string How) row) =>
        string.Create(CultureInfo.InvariantCulture, $"| {row.Scenario} | {(row.Restored ? "yes" : "NO")} | {row.Took.TotalSeconds:0.00} s | {row.How} |");
}
