namespace Chaos.FaultDrills;

/// <summary>
/// Lets the test that drives a drill see the fault before the drill moves on: with <c>CHAOS_DRILL_GATE</c> naming a file,
/// the drill waits (at most a minute) until that file exists. Unset, it does not wait. Without it, a drill that fails
/// right after injecting can restore the parameter before an observer polling SSM has seen the fault.
/// </summary>
internal static class DrillGate
{
    public const string Variable = "CHAOS_DRILL_GATE";

    public static async Task PassAsync(CancellationToken cancellationToken)
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!File.Exists(path) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
