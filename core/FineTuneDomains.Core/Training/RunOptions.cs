namespace FineTuneDomains.Core.Training;

/// <summary>How a run is started: where run folders go and what the command line adds.</summary>
public sealed record RunOptions
{
    /// <summary>Folder holding <c>runs/&lt;experiment&gt;/…</c> (default: ./runs).</summary>
    public string RunsRoot { get; init; } = Path.Combine(Environment.CurrentDirectory, "runs");

    /// <summary>Train even if files no longer match their manifest hashes (recorded in the lock file).</summary>
    public bool AllowChangedData { get; init; }

    /// <summary>Versions to record (host, plugin, packages), besides what the core knows itself.</summary>
    public IReadOnlyDictionary<string, string> Versions { get; init; } = new Dictionary<string, string>();

    /// <summary>The experiment file's text as given (recorded next to the lock).</summary>
    public string? OriginalText { get; init; }

    /// <summary>The run this one reproduces, if any.</summary>
    public string? ReproduceOf { get; init; }
}
