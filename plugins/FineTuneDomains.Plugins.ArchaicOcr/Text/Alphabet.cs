using System.Text.Json;
using System.Text.Json.Nodes;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.ArchaicOcr.Text;

/// <summary>
/// The characters a recogniser can emit, with the Unicode normalisation they are defined under. Class 0 is the CTC
/// blank; symbol <c>Symbols[i]</c> is class <c>i + 1</c>. Symbols are single code points after normalisation.
/// </summary>
internal sealed class Alphabet
{
    private readonly Dictionary<string, int> classOf;

    public Alphabet(IEnumerable<string> symbols, TextNormalization normalization)
    {
        Normalization = normalization;
        var list = new List<string>();
        classOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            if (symbol.EnumerateRunes().Count() != 1)
            {
                throw new ArgumentException($"Alphabet symbols are single code points; got '{symbol}'.", nameof(symbols));
            }

            if (classOf.TryAdd(symbol, list.Count + 1))
            {
                list.Add(symbol);
            }
        }

        Symbols = list;
    }

    /// <summary>The normalisation ground truth and predictions go through before encoding or scoring.</summary>
    public TextNormalization Normalization { get; }

    /// <summary>Emittable symbols in class order (class = index + 1).</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Number of output classes including the blank.</summary>
    public int ClassCount => Symbols.Count + 1;

    /// <summary>Builds the alphabet of a corpus: every code point of the normalised texts, sorted by code point.</summary>
    public static Alphabet FromTexts(IEnumerable<string> texts, TextNormalization normalization)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var symbol in TextNormalizer.Symbols(TextNormalizer.Apply(text, normalization)))
            {
                set.Add(symbol);
            }
        }

        return new Alphabet(set.OrderBy(s => char.ConvertToUtf32(s, 0)), normalization);
    }

    /// <summary>Normalises text the way this alphabet's model expects.</summary>
    public string Normalize(string text) => TextNormalizer.Apply(text, Normalization);

    /// <summary>The class of a symbol, or -1 when the alphabet cannot emit it.</summary>
    public int ClassOf(string symbol) => classOf.TryGetValue(symbol, out var c) ? c : -1;

    /// <summary>Whether the alphabet contains the symbol.</summary>
    public bool Contains(string symbol) => classOf.ContainsKey(symbol);

    /// <summary>Normalises and encodes a transcription into class labels (1-based). Throws when a symbol is missing:
    /// callers check coverage first (<see cref="AlphabetCoverage"/>), so this is never a silent drop.</summary>
    public int[] Encode(string text)
    {
        var normalized = Normalize(text);
        var labels = new List<int>(normalized.Length);
        foreach (var symbol in TextNormalizer.Symbols(normalized))
        {
            var c = ClassOf(symbol);
            if (c < 0)
            {
                throw new UserErrorException(
                    $"The alphabet cannot emit {TextNormalizer.Describe(symbol)} in \"{normalized}\"; run the alphabet coverage check before training.");
            }

            labels.Add(c);
        }

        return labels.ToArray();
    }

    /// <summary>Turns class labels back into text; the blank (0) contributes nothing.</summary>
    public string Decode(IEnumerable<int> labels)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var label in labels)
        {
            if (label <= 0 || label > Symbols.Count)
            {
                continue;
            }

            builder.Append(Symbols[label - 1]);
        }

        return builder.ToString();
    }

    /// <summary>JSON form stored beside a model: <c>{"normalization":"NFC","symbols":[...]}</c>.</summary>
    public string ToJson()
    {
        var node = new JsonObject
        {
            ["normalization"] = TextNormalizer.Name(Normalization),
            ["blank"] = 0,
            ["symbols"] = new JsonArray(Symbols.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads the JSON form; <paramref name="path"/> is named in errors.</summary>
    public static Alphabet FromJson(string json, string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, $"not valid JSON: {e.Message}");
        }

        var normalization = root?["normalization"]?.GetValue<string>()
            ?? throw new DataFormatException(path, "alphabet has no \"normalization\" (NFC, NFD or none)");
        var symbols = root["symbols"] as JsonArray
            ?? throw new DataFormatException(path, "alphabet has no \"symbols\" array");
        var list = new List<string>();
        foreach (var item in symbols)
        {
            var s = item?.GetValue<string>();
            if (s is null || s.EnumerateRunes().Count() != 1)
            {
                throw new DataFormatException(path, $"alphabet symbol #{list.Count + 1} is not a single code point");
            }

            list.Add(s);
        }

        TextNormalization form;
        try
        {
            form = TextNormalizer.Parse(normalization);
        }
        catch (UserErrorException e)
        {
            throw new DataFormatException(path, e.Message);
        }

        return new Alphabet(list, form);
    }
}
