namespace Chaos.Sandbox.Tests.FailureLambda.V1;

/// <summary>The SSM parameter the proxy reads, as a test double: its value, how often it was read, and a failure to throw.</summary>
internal sealed class FakeParameterStore(string? value)
{
    public string? Value { get; set; } = value;

    public Exception? Failure { get; set; }

    public int Reads { get; private set; }

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        Reads++;
        return Failure is { } failure ? Task.FromException<string?>(failure) : Task.FromResult(Value);
    }
}
