using System.Globalization;
using System.Text.Json;

namespace Chaos.Sandbox.Tests.Infrastructure;

/// <summary>The function's log group, read with the AWS CLI (<c>aws logs filter-log-events</c>), as a workshop user reads it.</summary>
public static class FunctionLog
{
    public static async Task<List<string>> MessagesAsync(SandboxFixture sandbox, string filterPattern, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var answer = await AwsCli.RunAsync(
            sandbox, cancellationToken, "logs", "filter-log-events", "--log-group-name", $"/aws/lambda/{sandbox.Settings.FunctionName}",
            "--filter-pattern", filterPattern, "--start-time", since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), "--output", "json");
        return [.. JsonDocument.Parse(answer).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString() ?? string.Empty)];
    }

    /// <summary>Waits until a line matching <paramref name="filterPattern"/> and <paramref name="accept"/> has been written since <paramref name="since"/>.</summary>
    public static async Task<string> WaitForAsync(SandboxFixture sandbox, string filterPattern, Func<string, bool> accept, DateTimeOffset since, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var found = (await MessagesAsync(sandbox, filterPattern, since, cancellationToken)).FirstOrDefault(accept);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no log line matching {filterPattern} within {limit.TotalSeconds:0} s (sandbox log: {sandbox.LogFile})");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
