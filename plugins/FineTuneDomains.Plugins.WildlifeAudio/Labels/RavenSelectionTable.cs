using System.Text;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>
/// Raven Pro selection tables: tab-separated, one row per selection and view, with <c>Selection</c>,
/// <c>View</c>, <c>Channel</c>, <c>Begin Time (s)</c>, <c>End Time (s)</c>, <c>Low Freq (Hz)</c>,
/// <c>High Freq (Hz)</c> and a label column chosen by name (e.g. <c>Species</c>). Raven repeats each selection
/// once per view (Waveform 1, Spectrogram 1); the reader keeps one event per selection number, taken from a
/// spectrogram view when there is one (the waveform view's frequency box is always the full band).
/// </summary>
internal static class RavenSelectionTable
{
    /// <summary>Column holding the label when the user does not name one.</summary>
    public const string DefaultLabelColumn = "Species";

    /// <summary>Column holding a detection score in tables we write.</summary>
    public const string ScoreColumn = "Score";

    private static readonly string[] Required = ["Selection", "Begin Time (s)", "End Time (s)"];

    /// <summary>
    /// Reads a selection table as events of <paramref name="recording"/>. A <c>Begin Path</c> or <c>Begin File</c>
    /// column, when present, names the recording instead (multi-file tables; relative to the table's folder).
    /// </summary>
    public static List<AudioEvent> Read(string tablePath, string recording, string labelColumn = DefaultLabelColumn)
    {
        if (!File.Exists(tablePath))
        {
            throw new DataFormatException(tablePath, "file not found");
        }

        var lines = File.ReadAllLines(tablePath);
        if (lines.Length == 0)
        {
            throw new DataFormatException(tablePath, "empty file; expected a Raven selection table header");
        }

        var header = DelimitedText.Split(lines[0].TrimStart('\uFEFF'), '\t', false, tablePath, 1);
        foreach (string name in Required)
        {
            if (DelimitedText.Column(header, name) < 0)
            {
                throw new DataFormatException(tablePath, $"not a Raven selection table: no '{name}' column (found: {string.Join(", ", header)})");
            }
        }

        int sel = DelimitedText.Column(header, "Selection");
        int begin = DelimitedText.Column(header, "Begin Time (s)");
        int end = DelimitedText.Column(header, "End Time (s)");
        int low = DelimitedText.Column(header, "Low Freq (Hz)");
        int high = DelimitedText.Column(header, "High Freq (Hz)");
        int label = DelimitedText.Column(header, labelColumn);
        int score = DelimitedText.Column(header, ScoreColumn);
        int file = DelimitedText.Column(header, "Begin Path");
        if (file < 0)
        {
            file = DelimitedText.Column(header, "Begin File");
        }

        if (label < 0)
        {
            throw new DataFormatException(tablePath, $"no label column '{labelColumn}' (found: {string.Join(", ", header)}); choose one with the label-column setting");
        }

        string baseDir = Path.GetDirectoryName(Path.GetFullPath(tablePath))!;
        int view = DelimitedText.Column(header, "View");
        var seen = new Dictionary<string, (int Index, bool Spectrogram)>(StringComparer.Ordinal);
        var events = new List<AudioEvent>();
        for (int i = 1; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var f = DelimitedText.Split(lines[i], '\t', false, tablePath, lineNumber);
            if (f.Count < header.Count)
            {
                throw new DataFormatException(tablePath, $"line {lineNumber}: {f.Count} fields, the header has {header.Count}");
            }

            string rec = file >= 0 && f[file].Trim().Length > 0 ? Path.GetFullPath(Path.Combine(baseDir, f[file].Trim())) : recording;
            string key = rec + "\u0001" + f[sel].Trim();
            bool spectrogram = view >= 0 && f[view].Trim().StartsWith("Spectrogram", StringComparison.OrdinalIgnoreCase);
            if (seen.TryGetValue(key, out var earlier) && (earlier.Spectrogram || !spectrogram))
            {
                continue; // the same selection in another view
            }

            string name = f[label].Trim();
            if (name.Length == 0)
            {
                throw new DataFormatException(tablePath, $"line {lineNumber}: selection {f[sel].Trim()} has an empty '{labelColumn}'");
            }

            double s = DelimitedText.ParseNumber(f[begin], "Begin Time (s)", tablePath, lineNumber);
            double e = DelimitedText.ParseNumber(f[end], "End Time (s)", tablePath, lineNumber);
            if (s < 0 || e < s)
            {
                throw new DataFormatException(tablePath, $"line {lineNumber}: begin {f[begin]} and end {f[end]} do not make a time span");
            }

            double? lo = low >= 0 && f[low].Trim().Length > 0 ? DelimitedText.ParseNumber(f[low], "Low Freq (Hz)", tablePath, lineNumber) : null;
            double? hi = high >= 0 && f[high].Trim().Length > 0 ? DelimitedText.ParseNumber(f[high], "High Freq (Hz)", tablePath, lineNumber) : null;
            double? sc = score >= 0 && f[score].Trim().Length > 0 ? DelimitedText.ParseNumber(f[score], ScoreColumn, tablePath, lineNumber) : null;
            var ev = new AudioEvent(rec, s, e, name, lo, hi, sc);
            if (seen.TryGetValue(key, out earlier))
            {
                events[earlier.Index] = ev;
                seen[key] = (earlier.Index, spectrogram);
            }
            else
            {
                seen[key] = (events.Count, spectrogram);
                events.Add(ev);
            }
        }

        return events;
    }

    /// <summary>
    /// Writes events as a selection table Raven opens (view "Spectrogram 1", channel 1, selections numbered
    /// from 1 in time order). Events without a frequency box get 0 .. <paramref name="defaultHighFrequency"/>.
    /// A <c>Score</c> column is added when any event has a score.
    /// </summary>
    public static void Write(string tablePath, IEnumerable<AudioEvent> events, double defaultHighFrequency, string labelColumn = DefaultLabelColumn)
    {
        var list = events.OrderBy(e => e.Start).ThenBy(e => e.End).ThenBy(e => e.Label, StringComparer.Ordinal).ToList();
        bool scores = list.Any(e => e.Score is not null);
        var sb = new StringBuilder();
        sb.Append("Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)\tHigh Freq (Hz)\t").Append(labelColumn);
        sb.Append(scores ? "\t" + ScoreColumn + "\n" : "\n");
        for (int i = 0; i < list.Count; i++)
        {
            var e = list[i];
            if (e.Label.Contains('\t') || e.Label.Contains('\n'))
            {
                throw new UserErrorException($"{tablePath}: label '{e.Label}' contains a tab or line break and cannot go into a Raven table.");
            }

            sb.Append(i + 1).Append("\tSpectrogram 1\t1\t")
              .Append(DelimitedText.FormatNumber(e.Start)).Append('\t')
              .Append(DelimitedText.FormatNumber(e.End)).Append('\t')
              .Append(DelimitedText.FormatNumber(e.LowFrequency ?? 0)).Append('\t')
              .Append(DelimitedText.FormatNumber(e.HighFrequency ?? defaultHighFrequency)).Append('\t')
              .Append(e.Label);
            if (scores)
            {
                sb.Append('\t').Append(e.Score is double s ? DelimitedText.FormatNumber(s) : "");
            }

            sb.Append('\n');
        }

        File.WriteAllText(tablePath, sb.ToString());
    }
}
