using Chaos.Engine.Report;

namespace Chaos.Engine.Tests.Report;

/// <summary>
/// The sample journals in TestData: exp_1's deviated run at time scale 10 (a no-data window during the fault), a pause
/// ended by a guard at time scale 60, and a journal in Chaos Toolkit's own shape (chaostoolkit-lib 1.45).
/// </summary>
internal static class ReportTestData
{
    public const string Exp1Deviated = "exp1-deviated.json";
    public const string GuardTripped = "guard-tripped.json";
    public const string ChaosToolkit = "chaostoolkit-journal.json";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Report", "TestData", name);

    public static ReportExperiment Load(string name) => JournalFile.Load(PathOf(name), Path.GetDirectoryName(PathOf(name))!);
}
