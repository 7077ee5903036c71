using System.Security.Cryptography;
using System.Text;

namespace FineTuneDomains.Core.Tracking;

/// <summary>
/// A run folder: <c>runs/&lt;experiment&gt;/&lt;UTC time&gt;-&lt;short hash&gt;/</c> with <c>experiment.lock.yaml</c>,
/// <c>metrics.jsonl</c>, <c>checkpoints/</c>, <c>tb/</c>, <c>plots/</c>, <c>report.md</c> and predictions.
/// </summary>
public sealed class RunFolder
{
    public RunFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    /// <summary>Absolute path of the run folder.</summary>
    public string Path { get; }

    public string LockFile => Combine("experiment.lock.yaml");
    public string MetricsFile => Combine("metrics.jsonl");
    public string CheckpointDirectory => Combine("checkpoints");
    public string TensorBoardDirectory => Combine("tb");
    public string PlotDirectory => Combine("plots");
    public string ReportFile => Combine("report.md");
    public string LastCheckpoint => System.IO.Path.Combine(CheckpointDirectory, "last.ckpt");
    public string BestCheckpoint => System.IO.Path.Combine(CheckpointDirectory, "best.ckpt");
    public string EpochCheckpoint(int epoch) => System.IO.Path.Combine(CheckpointDirectory, $"epoch-{epoch:D4}.ckpt");
    public string PredictionsFile(string split) => Combine($"predictions-{split}.csv");
    public string SummaryFile => Combine("summary.json");

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Creates a new run folder under <paramref name="runsRoot"/> for an experiment; the hash is over the lock text.</summary>
    public static RunFolder Create(string runsRoot, string experimentName, string lockText)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lockText + Guid.NewGuid())))[..8];
        var safe = string.Concat(experimentName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var dir = System.IO.Path.Combine(runsRoot, safe, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{hash}");
        Directory.CreateDirectory(dir);
        var run = new RunFolder(dir);
        PointLatestAt(dir);
        Directory.CreateDirectory(run.CheckpointDirectory);
        Directory.CreateDirectory(run.PlotDirectory);
        Directory.CreateDirectory(run.TensorBoardDirectory);
        return run;
    }

    /// <summary>
    /// Points <c>runs/&lt;experiment&gt;/latest</c> at the newest run, so other experiments can name its
    /// checkpoint (e.g. a fine-tune recipe's base model). Experiments resolve the link when they are loaded,
    /// so a lock file always names the real run.
    /// </summary>
    private static void PointLatestAt(string dir)
    {
        var link = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(dir)!, "latest");
        try
        {
            if (Directory.Exists(link) || File.Exists(link) || new FileInfo(link).LinkTarget is not null) File.Delete(link);
            Directory.CreateSymbolicLink(link, System.IO.Path.GetFileName(dir));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException) { }
    }

    /// <summary>Opens an existing run folder (one with a lock file); a user error otherwise.</summary>
    public static RunFolder Open(string path)
    {
        var run = new RunFolder(path);
        if (!File.Exists(run.LockFile))
            throw new UserErrorException($"{path}: not a run folder (no experiment.lock.yaml)");
        return run;
    }
}
