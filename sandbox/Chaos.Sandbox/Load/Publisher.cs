using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace Chaos.Sandbox.Load;

/// <summary>
/// The workshop's publisher: objects <c>input/data_object_msg-&lt;n&gt;.json</c> at a steady rate, 1% of them
/// deliberately malformed JSON. Exactly one in a hundred (not a random 1%), so the baseline error rate it causes is
/// steady (3 failed receives each: 3%) instead of noise around the 5% tolerance. Stops on cancellation or after
/// <paramref name="maxObjects"/>.
/// </summary>
internal sealed class Publisher(IAmazonS3 s3, string bucket, double objectsPerSecond, Func<double> random, long maxObjects = long.MaxValue, int malformedEvery = Publisher.DefaultMalformedEvery)
{
    /// <summary>One object in a hundred is malformed, as in the workshop; 0 publishes none (capacity measurements).</summary>
    public const int DefaultMalformedEvery = 100;
    private static readonly string[] Symbols = ["AAPL", "AMZN", "GOOG", "MSFT", "NFLX", "TSLA"];
    private long published;
    private long malformed;
    private long failed;

    public long Published => Interlocked.Read(ref published);

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
                var isMalformed = malformedEvery > 0 && n % malformedEvery == malformedEvery / 2;
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
                    Interlocked.Increment(ref published);
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
