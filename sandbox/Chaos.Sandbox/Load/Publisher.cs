using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace Chaos.Sandbox.Load;

/// <summary>
/// The workshop's publisher: objects <c>input/data_object_msg-&lt;n&gt;.json</c> at a steady rate, each one deliberately
/// malformed JSON with probability <paramref name="malformedShare"/> (the workshop's publisher draws
/// <c>random() &lt; 0.01</c>): the baseline error rate (3 failed receives per malformed object, about 3%) wobbles from
/// window to window around the 5% tolerance, as it does on AWS. <paramref name="random"/> is a seeded source, so a run
/// can be repeated. Stops on cancellation or after <paramref name="maxObjects"/>.
/// </summary>
internal sealed class Publisher(IAmazonS3 s3, string bucket, double objectsPerSecond, Func<double> random, long maxObjects = long.MaxValue, double malformedShare = Publisher.DefaultMalformedShare, Action? published = null)
{
    /// <summary>The workshop's share of malformed objects; 0 publishes none (capacity measurements).</summary>
    public const double DefaultMalformedShare = 0.01;
    private static readonly string[] Symbols = ["AAPL", "AMZN", "GOOG", "MSFT", "NFLX", "TSLA"];
    private long publishedCount;
    private long malformed;
    private long failed;

    public long Published => Interlocked.Read(ref publishedCount);

    public long Failed => Interlocked.Read(ref failed);

    public long Malformed => Interlocked.Read(ref malformed);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1 / objectsPerSecond);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        try
        {
            for (long n = 1; n <= maxObjects && !cancellationToken.IsCancellationRequested; n++)
            {
                var isMalformed = random() < malformedShare;
                var sent = true;
                try
                {
                    await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"input/data_object_msg-{n}.json", ContentBody = Body(n, isMalformed), ContentType = "application/json" }, cancellationToken);
                }
                catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed); // a driver keeps driving through a failed call, as the workshop's does
                    sent = false;
                }

                if (sent)
                {
                    published?.Invoke();
                    Interlocked.Increment(ref publishedCount);
                    Interlocked.Add(ref malformed, isMalformed ? 1 : 0);
                }

                // Keep to the schedule rather than to the interval, so slow calls do not lower the rate; but never burst
                // to catch up more than a second — a load generator that floods after a stall distorts what it measures.
                next += interval;
                var now = clock.Elapsed;
                if (next < now - TimeSpan.FromSeconds(1))
                {
                    next = now;
                }
                else if (next > now)
                {
                    await Task.Delay(next - now, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private string Body(long n, bool isMalformed)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["symbol"] = Symbols[(int)(random() * Symbols.Length) % Symbols.Length],
            ["messageId"] = Guid.NewGuid().ToString(),
            ["value"] = 10,
            ["objectName"] = $"data_object_msg-{n}",
            ["submissionDate"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["author"] = "chaos-publisher",
            ["version"] = "1.0",
        });
        return isMalformed ? json[..(json.Length / 2)] : json; // cut in half: not JSON any more
    }
}
