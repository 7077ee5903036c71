using System.Text;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>Line splitting shared by the CSV and Raven readers (RFC 4180 quoting for CSV).</summary>
internal static class DelimitedText
{
    /// <summary>Splits one line; with <paramref name="quoted"/>, fields may be wrapped in double quotes ("" escapes ").</summary>
    public static List<string> Split(string line, char delimiter, bool quoted, string path, int lineNumber)
    {
        var fields = new List<string>();
        if (!quoted)
        {
            fields.AddRange(line.Split(delimiter));
            return fields;
        }

        var field = new StringBuilder();
        bool inQuotes = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                inQuotes = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (inQuotes)
        {
            throw new DataFormatException(path, $"line {lineNumber}: unterminated quoted field");
        }

        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>Quotes a CSV field when it holds a comma, quote or line break.</summary>
    public static string QuoteCsv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    /// <summary>Parses a number of seconds or hertz written with '.' as decimal separator.</summary>
    public static double ParseNumber(string text, string column, string path, int lineNumber)
    {
        if (!double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new DataFormatException(path, $"line {lineNumber}: column '{column}' holds '{text}', not a number");
        }

        return value;
    }

    /// <summary>Formats a number compactly and culture-independently.</summary>
    public static string FormatNumber(double value) => value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Index of a header column (case-insensitive, trimmed), or -1.</summary>
    public static int Column(IReadOnlyList<string> header, string name)
    {
        for (int i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
