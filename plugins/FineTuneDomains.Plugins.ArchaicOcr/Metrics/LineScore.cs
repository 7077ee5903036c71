namespace FineTuneDomains.Plugins.ArchaicOcr.Metrics;

/// <summary>Errors of one line: character and word edit distances against the reference lengths.</summary>
internal sealed record LineScore(string Reference, string Hypothesis, int CharErrors, int CharCount, int WordErrors, int WordCount)
{
    /// <summary>Character error rate of the line (errors / reference code points; 0 for two empty strings).</summary>
    public double Cer => CharCount == 0 ? (CharErrors == 0 ? 0 : 1) : (double)CharErrors / CharCount;

    /// <summary>Word error rate of the line.</summary>
    public double Wer => WordCount == 0 ? (WordErrors == 0 ? 0 : 1) : (double)WordErrors / WordCount;
}
