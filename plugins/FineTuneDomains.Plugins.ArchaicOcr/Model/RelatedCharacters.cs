using System.Text;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Model;

/// <summary>
/// Finds, for a character new to a recogniser, a known character whose output row is a sensible start: its base
/// letter after canonical decomposition (new 'ά' from 'α'), a historical-letter table (long s from 's', 'ꝑ' from
/// 'p', final sigma from 'σ'), its compatibility decomposition, or its other case.
/// </summary>
internal static class RelatedCharacters
{
    /// <summary>Letters whose nearest relative Unicode decomposition does not give (or gives badly).</summary>
    private static readonly Dictionary<string, string[]> Table = new(StringComparer.Ordinal)
    {
        ["ſ"] = new[] { "s", "f" },
        ["ẞ"] = new[] { "ß", "S" },
        ["ß"] = new[] { "s" },
        ["æ"] = new[] { "a", "e" },
        ["Æ"] = new[] { "A", "E" },
        ["œ"] = new[] { "o", "e" },
        ["Œ"] = new[] { "O", "E" },
        ["ꝑ"] = new[] { "p" },
        ["Ꝑ"] = new[] { "P", "p" },
        ["ꝓ"] = new[] { "p" },
        ["ꝗ"] = new[] { "q" },
        ["ꝙ"] = new[] { "q" },
        ["ꝯ"] = new[] { "9", "c" },
        ["ꝰ"] = new[] { "9" },
        ["ꝛ"] = new[] { "r" },
        ["ȝ"] = new[] { "g", "z" },
        ["þ"] = new[] { "p", "b" },
        ["Þ"] = new[] { "P" },
        ["ð"] = new[] { "d" },
        ["Ð"] = new[] { "D" },
        ["ƿ"] = new[] { "p", "w" },
        ["ı"] = new[] { "i" },
        ["ȷ"] = new[] { "j" },
        ["ς"] = new[] { "σ", "s" },
        ["ϲ"] = new[] { "σ", "c" },
        ["Ϲ"] = new[] { "Σ", "C" },
        ["ϐ"] = new[] { "β" },
        ["ϑ"] = new[] { "θ" },
        ["ϕ"] = new[] { "φ" },
        ["⁊"] = new[] { "7", "&" },
        ["·"] = new[] { "." },
        ["\u0387"] = new[] { "·", "." },
    };

    /// <summary>The first candidate relative that <paramref name="isKnown"/> accepts, or null.</summary>
    public static string? Find(string symbol, Func<string, bool> isKnown)
    {
        foreach (var candidate in Candidates(symbol))
        {
            if (candidate != symbol && isKnown(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Relatives in order of preference.</summary>
    public static IEnumerable<string> Candidates(string symbol)
    {
        // 1. Canonical base letter (and each further letter of the decomposition is not useful: marks).
        var nfd = symbol.Normalize(NormalizationForm.FormD);
        var baseLetter = TextNormalizer.Symbols(nfd).First();
        yield return baseLetter;

        // 2. The table of historical letters (also for the base letter, e.g. a decomposed 'ẛ').
        foreach (var key in new[] { symbol, baseLetter })
        {
            if (Table.TryGetValue(key, out var related))
            {
                foreach (var r in related)
                {
                    yield return r;
                }
            }
        }

        // 3. Compatibility decomposition's first letter (ligatures, long s, superscripts).
        var nfkd = symbol.Normalize(NormalizationForm.FormKD);
        if (nfkd.Length > 0)
        {
            yield return TextNormalizer.Symbols(nfkd).First();
        }

        // 4. The other case of the letter or of its base letter.
        foreach (var s in new[] { symbol, baseLetter })
        {
            var lower = s.ToLowerInvariant();
            var upper = s.ToUpperInvariant();
            if (lower != s && TextNormalizer.Symbols(lower).Count() == 1)
            {
                yield return lower;
            }

            if (upper != s && TextNormalizer.Symbols(upper).Count() == 1)
            {
                yield return upper;
            }
        }
    }
}
