namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Error rate over many lines: total edits / total reference length (not the mean of line rates, which would
/// over-weight short lines), with each line's counts kept.
/// </summary>
public sealed class CorpusErrorRate
{
    /// <summary>Sums the lines.</summary>
    public CorpusErrorRate(IReadOnlyList<LineErrorRate> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Lines = lines;
        Substitutions = lines.Sum(l => (long)l.Substitutions);
        Deletions = lines.Sum(l => (long)l.Deletions);
        Insertions = lines.Sum(l => (long)l.Insertions);
        ReferenceLength = lines.Sum(l => (long)l.ReferenceLength);
    }

    /// <summary>Per-line counts, in input order.</summary>
    public IReadOnlyList<LineErrorRate> Lines { get; }

    /// <summary>Total substitutions.</summary>
    public long Substitutions { get; }

    /// <summary>Total deletions.</summary>
    public long Deletions { get; }

    /// <summary>Total insertions.</summary>
    public long Insertions { get; }

    /// <summary>Total reference symbols.</summary>
    public long ReferenceLength { get; }

    /// <summary>Total edits.</summary>
    public long Edits => Substitutions + Deletions + Insertions;

    /// <summary>Total edits / total reference length; null when every reference is empty.</summary>
    public double? Rate => ReferenceLength == 0 ? null : (double)Edits / ReferenceLength;
}
