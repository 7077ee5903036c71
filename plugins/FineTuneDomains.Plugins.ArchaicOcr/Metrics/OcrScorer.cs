using FineTuneDomains.Core.Evaluation;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Metrics;

/// <summary>
/// Accumulates CER and WER over a corpus (errors summed over lines divided by the summed reference lengths, as
/// kraken's <c>ketos test</c> and ocrevalUAtion do) and the character confusions of the alignments. Reference and
/// hypothesis are both normalised with the model's normalisation first, so the scores are in its terms.
/// </summary>
internal sealed class OcrScorer
{
    private readonly TextNormalization normalization;
    private readonly List<LineScore> lines = new();
    private readonly Dictionary<(string, string), int> confusions = new();

    public OcrScorer(TextNormalization normalization) => this.normalization = normalization;

    /// <summary>Per-line results in the order added.</summary>
    public IReadOnlyList<LineScore> Lines => lines;

    /// <summary>Corpus character error rate.</summary>
    public double Cer => Rate(lines.Sum(l => l.CharErrors), lines.Sum(l => l.CharCount));

    /// <summary>Corpus word error rate.</summary>
    public double Wer => Rate(lines.Sum(l => l.WordErrors), lines.Sum(l => l.WordCount));

    /// <summary>Scores one line and records its confusions.</summary>
    public LineScore Add(string reference, string hypothesis)
    {
        var r = TextNormalizer.Apply(reference, normalization);
        var h = TextNormalizer.Apply(hypothesis, normalization);
        var rc = TextNormalizer.Symbols(r).ToList();
        var hc = TextNormalizer.Symbols(h).ToList();
        // The core's alignment (same costs and tie-breaking as every other CER in the project).
        var alignment = EditAlignment<string>.Compute(rc, hc, StringComparer.Ordinal);
        var charErrors = 0;
        foreach (var op in alignment.Operations)
        {
            if (op.Kind != EditOperationKind.Match)
            {
                charErrors++;
                var key = (op.Reference ?? string.Empty, op.Hypothesis ?? string.Empty);
                confusions[key] = confusions.GetValueOrDefault(key) + 1;
            }
        }

        var rw = Words(r);
        var hw = Words(h);
        var score = new LineScore(r, h, charErrors, rc.Count, EditAlignment<string>.Compute(rw, hw, StringComparer.Ordinal).Distance, rw.Count);
        lines.Add(score);
        return score;
    }

    /// <summary>The most frequent confusions, most frequent first (ties in code point order).</summary>
    public IReadOnlyList<Confusion> TopConfusions(int count = 10) => confusions
        .OrderByDescending(kv => kv.Value)
        .ThenBy(kv => kv.Key.Item1, StringComparer.Ordinal)
        .ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal)
        .Take(count)
        .Select(kv => new Confusion(kv.Key.Item1, kv.Key.Item2, kv.Value))
        .ToList();

    private static List<string> Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();

    private static double Rate(int errors, int count) => count == 0 ? (errors == 0 ? 0 : 1) : (double)errors / count;
}
