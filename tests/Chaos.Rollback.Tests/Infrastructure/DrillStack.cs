using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Chaos.Engine.Lease;
using Chaos.Testing;

namespace Chaos.Rollback.Tests.Infrastructure;

/// <summary>
/// The stack a drill runs against, in moto: a failure parameter of its own (with its original value, or none) and the
/// function that reads it. Two drills given the same stack are two runs against one stack — from two machines when their
/// ledger folders differ.
/// </summary>
public sealed record DrillStack(string Id, string Parameter, string? Original, string Function)
{
    /// <param name="original">The parameter's value before any drill; null for no parameter.</param>
    /// <param name="type">The parameter's type (a SecureString takes <paramref name="keyId"/>).</param>
    /// <param name="function">The function's own variables besides the parameter it reads (e.g. failure-lambda 1.x's <c>FAILURE_CACHE_TTL</c>).</param>
    public static async Task<DrillStack> CreateAsync(MotoFixture moto, string? original, CancellationToken cancellationToken, ParameterType? type = null, string? keyId = null, IReadOnlyDictionary<string, string>? function = null)
    {
        ArgumentNullException.ThrowIfNull(moto);
        var id = Guid.NewGuid().ToString("N")[..8];
        var stack = new DrillStack(id, $"drill-{id}", original, $"ChaosTransformer-{id}");
        if (original is not null)
        {
            using var ssm = moto.Ssm();
            await ssm.PutParameterAsync(new PutParameterRequest { Name = stack.Parameter, Value = original, Type = type ?? ParameterType.String, KeyId = keyId }, cancellationToken);
        }

        // The function the drill's stack names, reading the drill's parameter: what the harness's preflight checks.
        await MotoFunctions.RegisterAsync(moto.Endpoint, stack.Function, stack.Parameter, function, cancellationToken);
        return stack;
    }

    /// <summary>The variables a run against this stack is given: the workshop's names, moto, and a ledger and results folder under <paramref name="work"/>.</summary>
    public Dictionary<string, string?> Variables(MotoFixture moto, string work)
    {
        ArgumentNullException.ThrowIfNull(moto);
        return new Dictionary<string, string?>
        {
            ["S3_BUCKET_NAME"] = $"chaos-bucket-{Id}",
            ["SNS_TOPIC_NAME"] = $"chaos-csv-notification-topic-{Id}",
            ["LAMBDA_FUNCTION_NAME"] = Function,
            ["SQS_QUEUE_NAME"] = $"chaos-csv-work-queue-{Id}",
            ["AWS_REGION"] = MotoFixture.Region,
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            ["CHAOS_FAILURE_PARAMETER_NAME"] = Parameter,
            ["CHAOS_TIME_SCALE"] = "60", // a drill settles in seconds: windows of 5 s, a lag of 3 s
            ["CHAOS_ROLLBACK_DIR"] = Path.Combine(work, "ledger"),
            ["CHAOS_RESULTS_DIR"] = Path.Combine(work, "results"),
            ["CHAOS_ENV_FILE"] = null,
        };
    }

    /// <summary>The records in the stack still open for this parameter.</summary>
    public async Task<int> OpenRecordsAsync(IAmazonSimpleSystemsManagement ssm, CancellationToken cancellationToken) =>
        (await ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = $"/chaos-harness/rollback/{Parameter}" }, cancellationToken)).Parameters?.Count ?? 0;

    public async Task<string?> ValueAsync(IAmazonSimpleSystemsManagement ssm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ssm);
        try
        {
            return (await ssm.GetParameterAsync(new GetParameterRequest { Name = Parameter }, cancellationToken)).Parameter.Value;
        }
        catch (ParameterNotFoundException)
        {
            return null;
        }
    }

    /// <summary>True once no record in the stack and no lease remain (bounded wait).</summary>
    public async Task<bool> CleanAsync(IAmazonSimpleSystemsManagement ssm, CancellationToken cancellationToken)
    {
        var lease = new StackLease(ssm, StackLease.NameFor(Parameter));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await OpenRecordsAsync(ssm, cancellationToken) == 0 && await lease.ReadAsync(cancellationToken) is null)
            {
                return true;
            }

            await Task.Delay(50, cancellationToken);
        }

        return false;
    }
}
