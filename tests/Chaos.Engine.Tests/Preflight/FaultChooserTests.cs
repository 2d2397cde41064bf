using Chaos.Engine.Settings;
using Chaos.Engine.FailureLambda;
using Chaos.Engine.Preflight;
using Shouldly;

namespace Chaos.Engine.Tests.Preflight;

/// <summary>What gets written for the function's failure-lambda, decided before anything is.</summary>
public sealed class FaultChooserTests
{
    private static readonly FailureLambdaVersion Layer = new(FailureLambdaSchema.V1, true, TimeSpan.FromSeconds(45), "the function has the failure-lambda layer arn:x");
    private static readonly FailureLambdaVersion ZeroFromLogs = new(FailureLambdaSchema.V0, false, TimeSpan.Zero, "the log group has 0.x's lines");
    private static readonly FailureLambdaVersion Unknown = new(null, false, FailureLambdaVersion.DefaultCacheTtl, "nothing says which");
    private static readonly FailureLambdaVersion UnknownButRan = Unknown with { RanWithoutV1Lines = true };
    private static readonly FailureLambdaFault Latency = FailureLambdaFault.Latency(3000, 5000, 0.5);
    private static readonly FailureLambdaFault Denylist = FailureLambdaFault.Denylist(["dynamodb.*.amazonaws.com"], 0.5);

    [Fact]
    public void Given_a_1x_layer_a_0x_latency_fault_is_rewritten_as_its_flag_and_waits_for_the_layers_cache()
    {
        var chosen = FaultChooser.Choose(Latency, Layer, null, "fn");

        chosen.Refusal.ShouldBeNull();
        chosen.Fault!.Schema.ShouldBe(FailureLambdaSchema.V1);
        chosen.Fault.ToParameterValue().ShouldBe("{\"latency\":{\"enabled\":true,\"percentage\":50,\"min_latency\":3000,\"max_latency\":5000}}");
        chosen.CacheTtl.ShouldBe(TimeSpan.FromSeconds(45));
        chosen.Note.ShouldContain("wraps failure-lambda 1.x (the function has the failure-lambda layer arn:x); the fault goes in rewritten for it");
    }

    [Fact]
    public void Given_0x_a_0x_fault_goes_in_as_written_with_no_cache_wait()
    {
        var chosen = FaultChooser.Choose(Denylist, ZeroFromLogs, null, "fn");

        chosen.Fault.ShouldBeSameAs(Denylist);
        chosen.CacheTtl.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Given_an_undetermined_version_a_latency_fault_goes_in_for_both_and_waits_for_1xs_default_cache()
    {
        var chosen = FaultChooser.Choose(Latency, Unknown, null, "fn");

        chosen.Fault!.Schema.ShouldBe(FailureLambdaSchema.Both);
        chosen.Fault.ToParameterValue().ShouldContain("\"failureMode\":\"latency\"");
        chosen.Fault.ToParameterValue().ShouldContain("\"latency\":{\"enabled\":true");
        chosen.CacheTtl.ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Given_an_undetermined_version_a_0x_denylist_which_cannot_be_written_for_both_is_refused_asking_for_the_setting()
    {
        var chosen = FaultChooser.Choose(Denylist, Unknown, null, "fn");

        chosen.Fault.ShouldBeNull();
        chosen.Refusal.ShouldBe("cannot tell which failure-lambda fn wraps (nothing says which), and this failure-lambda 0.x fault cannot be written for both versions at once: set CHAOS_FAILURE_LAMBDA_VERSION=0 (0.4.x) or 1 (1.x).");
    }

    [Fact]
    public void Given_a_function_that_ran_without_any_1x_line_a_0x_denylist_is_written_for_0x_and_the_note_says_it_was_assumed()
    {
        var chosen = FaultChooser.Choose(Denylist, UnknownButRan, null, "fn");

        chosen.Fault.ShouldBeSameAs(Denylist);
        chosen.Note.ShouldContain("so 0.x is assumed");
    }

    [Fact]
    public void Given_an_explicit_setting_that_contradicts_the_layer_the_refusal_names_both_versions()
    {
        var chosen = FaultChooser.Choose(Latency, Layer, StatedFailureLambdaVersion.Zero, "fn");

        chosen.Refusal.ShouldBe("CHAOS_FAILURE_LAMBDA_VERSION=0 says fn wraps failure-lambda 0.x, but it wraps failure-lambda 1.x (the function has the failure-lambda layer arn:x): a fault written for failure-lambda 0.x would inject nothing there. Set CHAOS_FAILURE_LAMBDA_VERSION=1 or auto.");
    }

    [Fact]
    public void Given_an_explicit_setting_and_a_version_only_inferred_from_logs_the_setting_wins()
    {
        var chosen = FaultChooser.Choose(Latency, ZeroFromLogs, StatedFailureLambdaVersion.One, "fn");

        chosen.Fault!.Schema.ShouldBe(FailureLambdaSchema.V1);
        chosen.Note.ShouldContain("(CHAOS_FAILURE_LAMBDA_VERSION=1)");
    }

    [Fact]
    public void Given_0x_a_1x_only_fault_is_refused_naming_both_versions_and_why()
    {
        var timeout = FailureLambdaFault.FeatureFlags(FailureFlag.Timeout(500, 100));

        var chosen = FaultChooser.Choose(timeout, ZeroFromLogs, null, "fn");

        chosen.Refusal.ShouldNotBeNull().ShouldStartWith("fn wraps failure-lambda 0.x (the log group has 0.x's lines), and this fault, written for failure-lambda 1.x, cannot be expressed for it: ");
        chosen.Refusal.ShouldEndWith("Nothing was written.");
    }
}
