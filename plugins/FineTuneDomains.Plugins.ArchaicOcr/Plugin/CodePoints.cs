using System.Text;
using FineTuneDomains.Core;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>
/// Transcriptions travel through batches as Unicode code points (already normalised), so datasets need not know the
/// model's alphabet; the head and evaluator map them to classes with <see cref="ToLabels"/>.
/// </summary>
internal static class CodePoints
{
    /// <summary>The code points of a text.</summary>
    public static long[] FromText(string text) => text.EnumerateRunes().Select(r => (long)r.Value).ToArray();

    /// <summary>Text from code points.</summary>
    public static string ToText(IEnumerable<long> codePoints)
    {
        var builder = new StringBuilder();
        foreach (var c in codePoints)
        {
            builder.Append(char.ConvertFromUtf32((int)c));
        }

        return builder.ToString();
    }

    /// <summary>Class labels of code points; a code point the alphabet cannot emit is an error naming it (never dropped).</summary>
    public static long[] ToLabels(IReadOnlyList<long> codePoints, Alphabet alphabet)
    {
        var labels = new long[codePoints.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            var symbol = char.ConvertFromUtf32((int)codePoints[i]);
            var label = alphabet.ClassOf(symbol);
            if (label < 0)
            {
                throw new UserErrorException(
                    $"A training line contains {TextNormalizer.Describe(symbol)}, which the model's alphabet ({alphabet.Symbols.Count} symbols) cannot emit; "
                    + "use task.options.alphabet: union, or rebuild the manifest so that its classes list every character.");
            }

            labels[i] = label;
        }

        return labels;
    }

    /// <summary>Class labels of the code points the alphabet knows, per line (<paramref name="lengths"/>), and the
    /// new line lengths. Only for evaluation losses: scores still count the unknown characters as errors.</summary>
    public static (long[] Labels, long[] Lengths) ToKnownLabels(IReadOnlyList<long> codePoints, IReadOnlyList<long> lengths, Alphabet alphabet)
    {
        var labels = new List<long>(codePoints.Count);
        var newLengths = new long[lengths.Count];
        var offset = 0;
        for (var i = 0; i < lengths.Count; i++)
        {
            for (var k = 0; k < lengths[i]; k++)
            {
                var label = alphabet.ClassOf(char.ConvertFromUtf32((int)codePoints[offset + k]));
                if (label > 0)
                {
                    labels.Add(label);
                    newLengths[i]++;
                }
            }

            offset += (int)lengths[i];
        }

        return (labels.ToArray(), newLengths);
    }
}
