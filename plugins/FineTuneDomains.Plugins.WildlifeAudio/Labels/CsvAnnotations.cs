using System.Text;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>
/// The plain annotation CSV: a header with <c>path,start,end,label</c> (any order, extra columns ignored,
/// optional <c>low_freq,high_freq,score</c>), one event per line. Paths are relative to the CSV's folder. Empty
/// start and end mean the whole recording (a clip label).
/// </summary>
internal static class CsvAnnotations
{
    /// <summary>Reads every event; recordings are returned as full paths.</summary>
    public static List<AudioEvent> Read(string csvPath)
    {
        if (!File.Exists(csvPath))
        {
            throw new DataFormatException(csvPath, "file not found");
        }

        string baseDir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var lines = File.ReadAllLines(csvPath);
        if (lines.Length == 0)
        {
            throw new DataFormatException(csvPath, "empty file; expected a header 'path,start,end,label'");
        }

        var header = DelimitedText.Split(lines[0].TrimStart('\uFEFF'), ',', true, csvPath, 1);
        int path = Require(header, "path", csvPath);
        int start = Require(header, "start", csvPath);
        int end = Require(header, "end", csvPath);
        int label = Require(header, "label", csvPath);
        int low = DelimitedText.Column(header, "low_freq");
        int high = DelimitedText.Column(header, "high_freq");
        int score = DelimitedText.Column(header, "score");

        var events = new List<AudioEvent>();
        for (int i = 1; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var f = DelimitedText.Split(lines[i], ',', true, csvPath, lineNumber);
            if (f.Count < header.Count)
            {
                throw new DataFormatException(csvPath, $"line {lineNumber}: {f.Count} fields, the header has {header.Count}");
            }

            string rel = f[path].Trim();
            string name = f[label].Trim();
            if (rel.Length == 0 || name.Length == 0)
            {
                throw new DataFormatException(csvPath, $"line {lineNumber}: empty path or label");
            }

            bool whole = f[start].Trim().Length == 0 && f[end].Trim().Length == 0;
            double s = whole ? 0 : DelimitedText.ParseNumber(f[start], "start", csvPath, lineNumber);
            double e = whole ? double.PositiveInfinity : DelimitedText.ParseNumber(f[end], "end", csvPath, lineNumber);
            if (s < 0 || e < s)
            {
                throw new DataFormatException(csvPath, $"line {lineNumber}: start {f[start]} and end {f[end]} do not make a time span");
            }

            double? lo = low >= 0 && f[low].Trim().Length > 0 ? DelimitedText.ParseNumber(f[low], "low_freq", csvPath, lineNumber) : null;
            double? hi = high >= 0 && f[high].Trim().Length > 0 ? DelimitedText.ParseNumber(f[high], "high_freq", csvPath, lineNumber) : null;
            double? sc = score >= 0 && f[score].Trim().Length > 0 ? DelimitedText.ParseNumber(f[score], "score", csvPath, lineNumber) : null;
            events.Add(new AudioEvent(Path.GetFullPath(Path.Combine(baseDir, rel)), s, e, name, lo, hi, sc));
        }

        return events;
    }

    /// <summary>Writes events with paths relative to the CSV's folder; adds a score column when any event has one.</summary>
    public static void Write(string csvPath, IEnumerable<AudioEvent> events)
    {
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var list = events.ToList();
        bool scores = list.Any(e => e.Score is not null);
        var sb = new StringBuilder("path,start,end,label,low_freq,high_freq");
        sb.Append(scores ? ",score\n" : "\n");
        foreach (var e in list)
        {
            string rel = Path.GetRelativePath(baseDir, Path.GetFullPath(e.Recording)).Replace('\\', '/');
            sb.Append(DelimitedText.QuoteCsv(rel)).Append(',')
              .Append(DelimitedText.FormatNumber(e.Start)).Append(',')
              .Append(DelimitedText.FormatNumber(e.End)).Append(',')
              .Append(DelimitedText.QuoteCsv(e.Label)).Append(',')
              .Append(e.LowFrequency is double lo ? DelimitedText.FormatNumber(lo) : "").Append(',')
              .Append(e.HighFrequency is double hi ? DelimitedText.FormatNumber(hi) : "");
            if (scores)
            {
                sb.Append(',').Append(e.Score is double sc ? DelimitedText.FormatNumber(sc) : "");
            }

            sb.Append('\n');
        }

        File.WriteAllText(csvPath, sb.ToString());
    }

    private static int Require(List<string> header, string name, string csvPath)
    {
        int i = DelimitedText.Column(header, name);
        return i >= 0
            ? i
            : throw new DataFormatException(csvPath, $"header has no '{name}' column (found: {string.Join(", ", header)}); expected path,start,end,label");
    }
}
