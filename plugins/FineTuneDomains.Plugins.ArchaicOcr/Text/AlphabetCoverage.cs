using System.Text;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.ArchaicOcr.Text;

/// <summary>
/// Lists the characters of ground truth that a model's alphabet cannot emit, before training starts, so that
/// none is silently dropped (the failure behind kraken #195/#205/#353).
/// </summary>
internal static class AlphabetCoverage
{
    /// <summary>Normalises each line the alphabet's way and returns the uncovered characters, most frequent first.</summary>
    /// <param name="alphabet">The model's alphabet.</param>
    /// <param name="lines">Ground truth as (source, text); the source (file, line id) is quoted in examples.</param>
    public static IReadOnlyList<UncoveredCharacter> FindUncovered(Alphabet alphabet, IEnumerable<(string Source, string Text)> lines)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var examples = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (source, text) in lines)
        {
            var normalized = alphabet.Normalize(text);
            var seenInLine = new HashSet<string>(StringComparer.Ordinal);
            foreach (var symbol in TextNormalizer.Symbols(normalized))
            {
                if (alphabet.Contains(symbol))
                {
                    continue;
                }

                counts[symbol] = counts.GetValueOrDefault(symbol) + 1;
                if (seenInLine.Add(symbol))
                {
                    var list = examples.TryGetValue(symbol, out var l) ? l : examples[symbol] = new List<string>();
                    if (list.Count < 3)
                    {
                        list.Add($"{source}: {normalized}");
                    }
                }
            }
        }

        return counts
            .OrderByDescending(p => p.Value)
            .ThenBy(p => char.ConvertToUtf32(p.Key, 0))
            .Select(p => new UncoveredCharacter(p.Key, p.Value, examples[p.Key]))
            .ToList();
    }

    /// <summary>A readable report of uncovered characters, one per line with count and examples.</summary>
    public static string Describe(Alphabet alphabet, IReadOnlyList<UncoveredCharacter> uncovered)
    {
        var builder = new StringBuilder();
        builder.Append($"{uncovered.Count} character(s) in the ground truth cannot be emitted by the model's alphabet ")
            .Append($"({alphabet.Symbols.Count} symbols, normalisation {TextNormalizer.Name(alphabet.Normalization)}):");
        foreach (var u in uncovered)
        {
            builder.AppendLine().Append($"  {TextNormalizer.Describe(u.Symbol)} x{u.Count}, e.g. {string.Join(" | ", u.Examples)}");
        }

        return builder.ToString();
    }

    /// <summary>Throws a <see cref="UserErrorException"/> listing every uncovered character, or returns when all are covered.
    /// Used before training with <c>alphabet: keep</c>; <c>union</c> and <c>new</c> extend the alphabet instead.</summary>
    public static void EnsureCovered(Alphabet alphabet, IEnumerable<(string Source, string Text)> lines)
    {
        var uncovered = FindUncovered(alphabet, lines);
        if (uncovered.Count > 0)
        {
            throw new UserErrorException(Describe(alphabet, uncovered)
                + Environment.NewLine + "Use alphabet: union (add them) or new (use the ground truth's alphabet), or fix the transcriptions.");
        }
    }
}
