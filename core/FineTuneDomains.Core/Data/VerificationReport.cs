namespace FineTuneDomains.Core.Data;

/// <summary>The result of <see cref="ManifestVerifier.Verify"/>.</summary>
public sealed record VerificationReport(
    int FilesChecked,
    IReadOnlyList<FileProblem> FileProblems,
    IReadOnlyList<string> SplitProblems,
    IReadOnlyDictionary<string, Dictionary<string, int>> Counts)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool Ok => FileProblems.Count == 0 && SplitProblems.Count == 0;
}
