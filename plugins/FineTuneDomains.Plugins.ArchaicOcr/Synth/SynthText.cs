using System.Text;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>
/// Makes line texts for a script from a word list: random runs of words, then the script's period spelling
/// (long s in blackletter and medieval Latin, scribal abbreviations in medieval Latin), each change applied only if
/// the chosen font can draw it.
/// </summary>
internal sealed class SynthText
{
    private readonly IReadOnlyList<string> words;
    private readonly SynthScript script;

    public SynthText(SynthScript script, IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            throw new UserErrorException("The word list for synthetic lines is empty.");
        }

        this.script = script;
        this.words = words;
    }

    /// <summary>Words of a text or word-list file: whitespace-separated tokens; hunspell <c>word/FLAGS</c> suffixes and
    /// a leading count line are dropped; kept in NFC.</summary>
    public static IReadOnlyList<string> ReadWords(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserErrorException($"Word list '{path}' does not exist.");
        }

        var result = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            foreach (var token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                var word = token.Split('/')[0].Normalize(NormalizationForm.FormC);
                if (word.Length > 0 && !word.All(char.IsDigit))
                {
                    result.Add(word);
                }
            }
        }

        if (result.Count == 0)
        {
            throw new DataFormatException(path, "no words in the word list");
        }

        return result;
    }

    /// <summary>A line of about <paramref name="targetLength"/> characters that <paramref name="canDraw"/> accepts.</summary>
    public string Line(Random random, int targetLength, Func<string, bool> canDraw)
    {
        var builder = new StringBuilder();
        var start = random.Next(words.Count);
        var contiguous = random.NextDouble() < 0.7;  // running text most of the time, shuffled words otherwise
        for (var i = 0; builder.Length < targetLength && i < targetLength * 4; i++)
        {
            var word = words[contiguous ? (start + i) % words.Count : random.Next(words.Count)];
            var styled = Style(word, random);
            var chosen = canDraw(styled) ? styled : canDraw(word) ? word : null;
            if (chosen is null)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(chosen);
        }

        return builder.ToString();
    }

    /// <summary>Period spelling of one word (NFC).</summary>
    internal string Style(string word, Random random)
    {
        switch (script)
        {
            case SynthScript.Blackletter:
                return LongS(word);
            case SynthScript.MedievalLatin:
                var w = LongS(word);
                if (random.NextDouble() < 0.5)
                {
                    w = Abbreviate(w, random);
                }

                return w;
            default:
                return word;
        }
    }

    /// <summary>Round s only at the end of a word (and before punctuation); long s elsewhere (the common printing rule).</summary>
    internal static string LongS(string word)
    {
        var chars = word.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == 's' && i + 1 < chars.Length && char.IsLetter(chars[i + 1]))
            {
                chars[i] = 'ſ';
            }
        }

        return new string(chars);
    }

    /// <summary>Scribal abbreviations: con- as ꝯ, pro- as ꝓ, -us as ꝰ, and a nasal (m/n) after a vowel as a macron.</summary>
    internal static string Abbreviate(string word, Random random)
    {
        var lower = word.ToLowerInvariant();
        if (lower.StartsWith("con", StringComparison.Ordinal) && word.Length > 4 && random.NextDouble() < 0.7)
        {
            return "ꝯ" + word[3..];
        }

        if (lower.StartsWith("pro", StringComparison.Ordinal) && word.Length > 4 && random.NextDouble() < 0.7)
        {
            return "ꝓ" + word[3..];
        }

        var core = word.TrimEnd('.', ',', ';', ':', '?', '!');
        var tail = word[core.Length..];
        if (core.EndsWith("us", StringComparison.Ordinal) && core.Length > 3 && random.NextDouble() < 0.5)
        {
            return core[..^2] + "ꝰ" + tail;
        }

        for (var i = 1; i < core.Length; i++)
        {
            if ((core[i] == 'm' || core[i] == 'n') && "aeiou".Contains(core[i - 1]) && (i == core.Length - 1 || !"aeiouy".Contains(core[i + 1])))
            {
                var macron = core[i - 1] switch { 'a' => 'ā', 'e' => 'ē', 'i' => 'ī', 'o' => 'ō', _ => 'ū' };
                return core[..(i - 1)] + macron + core[(i + 1)..] + tail;
            }
        }

        return word;
    }
}
