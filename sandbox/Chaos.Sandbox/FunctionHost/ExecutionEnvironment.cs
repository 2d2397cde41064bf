using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Chaos.Aws.CloudWatch;
using Chaos.Sandbox.Aws;
using Chaos.Sandbox.FailureLambda;
using Chaos.Sandbox.FailureLambda.V1;
using Chaos.Sandbox.FunctionLogs;

namespace Chaos.Sandbox.FunctionHost;

/// <summary>
/// One warm Lambda execution environment: its own SDK clients (created once, as a Node function's are at init),
/// its own /tmp, its own failure-lambda denylist and its own log stream. Its runtime restarts after a timeout, as
/// Lambda's does; the environment itself is recycled after its lifetime.
/// </summary>
internal sealed class ExecutionEnvironment : IDisposable
{
    /// <summary>Lambda's default ephemeral storage.</summary>
    public const long TmpCapacityBytes = 512L * 1024 * 1024;

    private long tmpUsed;

    private bool cold = true;

    public ExecutionEnvironment(int id, AwsClientFactory clients, EnvironmentLog log, DateTime createdAt)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(log);
        Id = id;
        Log = log;
        CreatedAt = createdAt;
        Denylist.Intercepted += host => { if (log.CurrentRequest is { } request) { log.Info(request, $"Intercepted network connection to {host}"); } };
        var http = new DenylistHttpClientFactory(Denylist, clients.Region);
        S3 = clients.S3(http);
        DynamoDb = clients.DynamoDb(http);
        Ssm = clients.Ssm(http);
        CloudWatch = clients.CloudWatch(new DenylistHandler(Denylist, DenylistHttpClientFactory.AwsHost("monitoring", clients.Region)));
        Tmp = Directory.CreateTempSubdirectory($"chaos-lambda-env-{id}-").FullName;
    }

    public int Id { get; }

    /// <summary>This environment's stream in <c>/aws/lambda/&lt;function&gt;</c>.</summary>
    public EnvironmentLog Log { get; }

    public DateTime CreatedAt { get; }

    /// <summary>True once for the first invocation after the runtime (re)started: a cold start.</summary>
    public bool TakeColdStart()
    {
        var wasCold = cold;
        cold = false;
        return wasCold;
    }

    public DenylistState Denylist { get; } = new();

    /// <summary>failure-lambda 1.x's config cache: its proxy runs once per environment and keeps what it fetched.</summary>
    public ConfigCache FailureLambdaCache { get; } = new();

    public IAmazonS3 S3 { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    public IAmazonSimpleSystemsManagement Ssm { get; }

    public IAmazonCloudWatch CloudWatch { get; }

    public string Tmp { get; }

    public int Invocations { get; set; }

    /// <summary>Times the runtime was restarted (after a timeout), each a cold start.</summary>
    public int Restarts { get; private set; }

    /// <summary>
    /// What Lambda does after a timeout: the runtime restarts, so in-memory state (failure-lambda's denylist, the 1.x
    /// proxy and its cache: the wrapper starts a new one) and /tmp start afresh. The SDK clients are kept: rebuilding
    /// them costs this machine's CPU, not the modelled function's time.
    /// </summary>
    public void Restart()
    {
        Restarts++;
        cold = true;
        Invocations = 0;
        Denylist.Block([]);
        FailureLambdaCache.Clear();
        foreach (var file in Directory.GetFiles(Tmp))
        {
            File.Delete(file);
        }

        Interlocked.Exchange(ref tmpUsed, 0);
    }

    /// <summary>
    /// failure-lambda's diskspace mode: a file of that size in this environment's /tmp, up to its 512 MB (dd stops there,
    /// failure-lambda ignores it). Written sparse, so the sandbox does not eat the machine's disk.
    /// </summary>
    public void FillTmp(double megabytes) => FillTmp((long)(megabytes * 1000 * 1000), $"diskspace-failure-{Environment.TickCount64}.tmp");

    /// <summary>A file of up to <paramref name="bytes"/> in /tmp, as much as fits; returns how much did.</summary>
    public long FillTmp(long bytes, string fileName)
    {
        var granted = Math.Min(bytes, TmpCapacityBytes - Interlocked.Read(ref tmpUsed));
        if (granted <= 0)
        {
            return 0;
        }

        using var file = new FileStream(Path.Combine(Tmp, fileName), FileMode.CreateNew);
        file.SetLength(granted);
        Interlocked.Add(ref tmpUsed, granted);
        return granted;
    }

    /// <summary>Removes the diskspace files (failure-lambda 1.x does before every invocation); returns how many there were.</summary>
    public int ClearDiskSpaceFiles()
    {
        var files = Directory.GetFiles(Tmp, "diskspace-failure-*");
        foreach (var file in files)
        {
            var length = new FileInfo(file).Length;
            File.Delete(file);
            Interlocked.Add(ref tmpUsed, -length);
        }

        return files.Length;
    }

    public long TmpUsedBytes => Interlocked.Read(ref tmpUsed);

    public void Dispose()
    {
        S3.Dispose();
        DynamoDb.Dispose();
        Ssm.Dispose();
        CloudWatch.Dispose();
        try
        {
            Directory.Delete(Tmp, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory left behind is harmless
        }
    }
}
