namespace FineTuneDomains.Core.Evaluation;

/// <summary>Edit counts of one line (CER over characters, WER over words).</summary>
/// <param name="Substitutions">Substituted symbols.</param>
/// <param name="Deletions">Reference symbols missing from the hypothesis.</param>
/// <param name="Insertions">Extra hypothesis symbols.</param>
/// <param name="ReferenceLength">Symbols in the reference.</param>
public sealed record LineErrorRate(int Substitutions, int Deletions, int Insertions, int ReferenceLength)
{
    /// <summary>Total edits (the Levenshtein distance).</summary>
    public int Edits => Substitutions + Deletions + Insertions;

    /// <summary>Edits / reference length; null for an empty reference (the rate is undefined there, but its edits still count in the corpus total).</summary>
    public double? Rate => ReferenceLength == 0 ? null : (double)Edits / ReferenceLength;
}
