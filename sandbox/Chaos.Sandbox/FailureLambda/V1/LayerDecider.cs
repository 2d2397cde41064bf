using System.Text.Json;

namespace Chaos.Sandbox.FailureLambda.V1;

/// <summary>
/// The rolls of layer/proxy/src/proxy.rs <c>handle_invocation_next</c> and <c>handle_invocation_response</c>, with the
/// random source injected: each resolved failure in order, skipped unless its match conditions hold for the event,
/// then one draw (<c>gen::&lt;f64&gt;() * 100 &gt;= percentage</c> skips it); latency draws its delay right after its
/// roll; a statuscode or exception ends the run (and nothing after it, corruption included, is considered).
/// Corruption is rolled after the handler, against the same event.
/// </summary>
internal sealed class LayerDecider(Func<double> random)
{
    public LayerPlan Decide(IReadOnlyList<ResolvedFailure> failures, JsonElement @event)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var fired = new List<FiredFailure>();
        var post = new List<ResolvedFailure>();
        foreach (var failure in failures)
        {
            if (failure.Mode == "corruption")
            {
                post.Add(failure);
                continue;
            }

            if (!Fires(failure, @event))
            {
                continue;
            }

            if (failure.Mode is "statuscode" or "exception")
            {
                fired.Add(new FiredFailure(failure));
                return new LayerPlan(fired, []);
            }

            fired.Add(failure.Mode == "latency" ? new FiredFailure(failure, Latency(failure.Flag)) : new FiredFailure(failure));
        }

        return new LayerPlan(fired, post);
    }

    /// <summary>The corruption flags that fire once the handler has responded.</summary>
    public IReadOnlyList<ResolvedFailure> Corruptions(LayerPlan plan, JsonElement @event)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.PostHandler.Where(f => Fires(f, @event))];
    }

    private bool Fires(ResolvedFailure failure, JsonElement @event) =>
        (failure.Flag.Match is not { } conditions || EventMatcher.Matches(@event, conditions)) && random() * 100 < failure.Percentage;

    // failures.rs inject_latency: both bounds floored at 0, min + draw * max(0, max - min), truncated to whole ms.
    private TimeSpan Latency(FlagValue flag)
    {
        var min = Math.Max(flag.MinLatency ?? 0, 0);
        var max = Math.Max(flag.MaxLatency ?? 0, 0);
        return TimeSpan.FromMilliseconds(Math.Floor(min + (random() * Math.Max(max - min, 0))));
    }
}
