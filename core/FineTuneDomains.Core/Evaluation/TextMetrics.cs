namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Character and word error rates for text recognition. CER aligns Unicode code points (no grapheme
/// clustering: a combining accent is its own character, a surrogate pair is one); WER aligns words split on
/// white space. No normalisation is applied: normalise (NFC/NFD, case) before calling if the task wants it.
/// </summary>
public static class TextMetrics
{
    /// <summary>The code points of a string, each as a string.</summary>
    public static string[] Characters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.EnumerateRunes().Select(r => r.ToString()).ToArray();
    }

    /// <summary>The white-space separated words of a string.</summary>
    public static string[] Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Character alignment of one line.</summary>
    public static EditAlignment<string> AlignCharacters(string reference, string hypothesis) =>
        EditAlignment<string>.Compute(Characters(reference), Characters(hypothesis), StringComparer.Ordinal);

    /// <summary>Word alignment of one line.</summary>
    public static EditAlignment<string> AlignWords(string reference, string hypothesis) =>
        EditAlignment<string>.Compute(Words(reference), Words(hypothesis), StringComparer.Ordinal);

    /// <summary>CER counts of one line.</summary>
    public static LineErrorRate CharacterErrorRate(string reference, string hypothesis) => ToLine(AlignCharacters(reference, hypothesis));

    /// <summary>WER counts of one line.</summary>
    public static LineErrorRate WordErrorRate(string reference, string hypothesis) => ToLine(AlignWords(reference, hypothesis));

    /// <summary>Corpus CER: total character edits / total reference characters.</summary>
    public static CorpusErrorRate CharacterErrorRate(IReadOnlyList<string> references, IReadOnlyList<string> hypotheses) =>
        Corpus(references, hypotheses, CharacterErrorRate);

    /// <summary>Corpus WER: total word edits / total reference words.</summary>
    public static CorpusErrorRate WordErrorRate(IReadOnlyList<string> references, IReadOnlyList<string> hypotheses) =>
        Corpus(references, hypotheses, WordErrorRate);

    /// <summary>Character confusion counts over a corpus, from the same alignments CER uses.</summary>
    public static CharacterConfusions CharacterConfusions(IReadOnlyList<string> references, IReadOnlyList<string> hypotheses)
    {
        MetricChecks.SameLength(references, hypotheses, nameof(hypotheses));
        var confusions = new CharacterConfusions();
        for (var i = 0; i < references.Count; i++)
        {
            confusions.Add(AlignCharacters(references[i], hypotheses[i]));
        }

        return confusions;
    }

    private static LineErrorRate ToLine(EditAlignment<string> a) => new(a.Substitutions, a.Deletions, a.Insertions, a.ReferenceLength);

    private static CorpusErrorRate Corpus(IReadOnlyList<string> references, IReadOnlyList<string> hypotheses, Func<string, string, LineErrorRate> line)
    {
        MetricChecks.SameLength(references, hypotheses, nameof(hypotheses));
        return new CorpusErrorRate(references.Select((r, i) => line(r, hypotheses[i])).ToArray());
    }
}
