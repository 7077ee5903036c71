using System.Text;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.ArchaicOcr.Text;

/// <summary>Applies, names and parses <see cref="TextNormalization"/> forms.</summary>
internal static class TextNormalizer
{
    /// <summary>Returns <paramref name="text"/> in the given form. Compatibility forms (NFKC/NFKD) are never used:
    /// they would turn long s into s and erase distinctions historians transcribe on purpose.</summary>
    public static string Apply(string text, TextNormalization form) => form switch
    {
        TextNormalization.Nfc => text.Normalize(NormalizationForm.FormC),
        TextNormalization.Nfd => text.Normalize(NormalizationForm.FormD),
        _ => text,
    };

    /// <summary>The name written into alphabets and run records: "NFC", "NFD" or "none".</summary>
    public static string Name(TextNormalization form) => form switch
    {
        TextNormalization.Nfc => "NFC",
        TextNormalization.Nfd => "NFD",
        _ => "none",
    };

    /// <summary>Parses "NFC", "NFD" or "none" (any case); anything else is a settings error.</summary>
    public static TextNormalization Parse(string name) => name.Trim().ToUpperInvariant() switch
    {
        "NFC" => TextNormalization.Nfc,
        "NFD" => TextNormalization.Nfd,
        "NONE" => TextNormalization.None,
        _ => throw new UserErrorException(
            $"Unknown Unicode normalisation '{name}': use NFC, NFD or none (NFKC/NFKD would fold long s into s and are not offered)."),
    };

    /// <summary>Splits text into the units an alphabet is made of: Unicode code points (combining marks separate).</summary>
    public static IEnumerable<string> Symbols(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            yield return rune.ToString();
        }
    }

    /// <summary>A code point as "U+03AC 'ά'" for messages (combining marks shown on a dotted circle).</summary>
    public static string Describe(string symbol)
    {
        var rune = Rune.GetRuneAt(symbol, 0);
        var category = Rune.GetUnicodeCategory(rune);
        var shown = category is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark
            ? "\u25CC" + symbol
            : symbol == " " ? "space" : Rune.IsControl(rune) ? "control" : symbol;
        return $"U+{rune.Value:X4} '{shown}'";
    }
}
