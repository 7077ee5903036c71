using System.Globalization;
using System.Text;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;

namespace FineTuneDomains.Core.Tracking;

/// <summary>Predictions as CSV: index, path (with <c>@start</c> for windows), reference, predicted, one score column per class.</summary>
public static class PredictionsFile
{
    /// <summary>The CSV text for an evaluator's predictions over a dataset.</summary>
    public static string Format(IEvaluator evaluator, IDataset set, IReadOnlyList<string> classes)
    {
        var rows = evaluator.Predictions;
        bool scores = rows.Any(r => r.Scores is not null);
        var sb = new StringBuilder("index,path,reference,predicted");
        if (scores) foreach (var c in classes) sb.Append(",score_").Append(Escape(c));
        sb.Append('\n');
        foreach (var r in rows)
        {
            var item = set.Item(r.Index);
            var where = item.GetMeta("start") is { } start ? $"{item.Path}@{start}" : item.Path;
            sb.Append(r.Index.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Escape(where)).Append(',')
              .Append(Escape(r.Reference)).Append(',').Append(Escape(r.Predicted));
            if (scores && r.Scores is not null) foreach (var s in r.Scores) sb.Append(',').Append(s.ToString("G6", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes <see cref="Format"/> atomically.</summary>
    public static void Write(string path, IEvaluator evaluator, IDataset set, IReadOnlyList<string> classes) =>
        AtomicFile.WriteAllText(path, Format(evaluator, set, classes));

    /// <summary>Quotes a CSV cell when it needs it.</summary>
    public static string Escape(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
