namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Which characters an OCR model confuses, counted from CER alignments: substitutions (reference → hypothesis),
/// deletions, insertions and correct characters, so a report can list "ſ→f 31, ꝛ→r 12, missing ̃ 9".
/// Characters are Unicode code points held as strings (a surrogate pair is one character).
/// </summary>
public sealed class CharacterConfusions
{
    private readonly Dictionary<(string Reference, string Hypothesis), long> _substitutions = [];
    private readonly Dictionary<string, long> _deletions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _insertions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _correct = new(StringComparer.Ordinal);

    /// <summary>Reference character recognised as another: count per (reference, hypothesis) pair.</summary>
    public IReadOnlyDictionary<(string Reference, string Hypothesis), long> Substitutions => _substitutions;

    /// <summary>Reference characters that were dropped.</summary>
    public IReadOnlyDictionary<string, long> Deletions => _deletions;

    /// <summary>Hypothesis characters with no reference counterpart.</summary>
    public IReadOnlyDictionary<string, long> Insertions => _insertions;

    /// <summary>Reference characters recognised correctly.</summary>
    public IReadOnlyDictionary<string, long> Correct => _correct;

    /// <summary>Adds the operations of one line's alignment.</summary>
    public void Add(EditAlignment<string> alignment)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        foreach (var op in alignment.Operations)
        {
            switch (op.Kind)
            {
                case EditOperationKind.Match:
                    Increment(_correct, op.Reference!);
                    break;
                case EditOperationKind.Substitution:
                    var key = (op.Reference!, op.Hypothesis!);
                    _substitutions[key] = _substitutions.GetValueOrDefault(key) + 1;
                    break;
                case EditOperationKind.Deletion:
                    Increment(_deletions, op.Reference!);
                    break;
                case EditOperationKind.Insertion:
                    Increment(_insertions, op.Hypothesis!);
                    break;
            }
        }
    }

    /// <summary>
    /// All errors as (reference, hypothesis, count), most frequent first, ties by ordinal text; an empty string
    /// stands for "nothing" (hypothesis "" = deleted, reference "" = inserted).
    /// </summary>
    public IReadOnlyList<(string Reference, string Hypothesis, long Count)> MostFrequentErrors(int top = int.MaxValue) =>
        _substitutions.Select(p => (p.Key.Reference, p.Key.Hypothesis, p.Value))
            .Concat(_deletions.Select(p => (p.Key, string.Empty, p.Value)))
            .Concat(_insertions.Select(p => (string.Empty, p.Key, p.Value)))
            .OrderByDescending(e => e.Item3)
            .ThenBy(e => e.Item1, StringComparer.Ordinal)
            .ThenBy(e => e.Item2, StringComparer.Ordinal)
            .Take(top)
            .ToArray();

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
