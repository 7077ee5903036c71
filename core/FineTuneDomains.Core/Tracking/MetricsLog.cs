using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FineTuneDomains.Core.Tracking;

/// <summary>
/// <c>metrics.jsonl</c>: one JSON object per line, <c>{"kind":"step"|"epoch"|"test"|…, "epoch", "step", "time", metrics…}</c>.
/// Lines are appended and flushed as they are written, so a killed run keeps what it logged.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    private readonly StreamWriter writer;

    public MetricsLog(string path)
    {
        Path = path;
        writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public string Path { get; }

    /// <summary>Appends one record.</summary>
    public void Write(string kind, int epoch, long step, IEnumerable<KeyValuePair<string, double>> values)
    {
        var o = new JsonObject
        {
            ["kind"] = kind,
            ["epoch"] = epoch,
            ["step"] = step,
            ["time"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in values) o[k] = double.IsFinite(v) ? v : null;
        writer.WriteLine(o.ToJsonString());
    }

    /// <summary>Reads all records (malformed trailing lines from a killed run are skipped).</summary>
    public static List<MetricsRecord> Read(string path)
    {
        var list = new List<MetricsRecord>();
        if (!File.Exists(path)) return list;
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            JsonObject? o;
            try { o = JsonNode.Parse(line) as JsonObject; }
            catch (JsonException) { continue; }
            if (o is null) continue;
            var values = new Dictionary<string, double>();
            foreach (var (k, v) in o)
                if (k is not ("kind" or "epoch" or "step" or "time") && v is JsonValue jv && jv.TryGetValue<double>(out var d)) values[k] = d;
            list.Add(new MetricsRecord((string?)o["kind"] ?? "", (int?)o["epoch"] ?? 0, (long?)o["step"] ?? 0, values));
        }
        return list;
    }

    /// <summary>
    /// Keeps records up to a resume point (steps ≤ <paramref name="step"/>, epochs &lt; <paramref name="epoch"/>);
    /// the full old file is kept beside it so nothing written is lost.
    /// </summary>
    public static void TruncateForResume(string path, int epoch, long step)
    {
        if (!File.Exists(path)) return;
        var backup = path + $".before-resume-{DateTime.UtcNow:yyyyMMddHHmmss}";
        File.Copy(path, backup);
        var kept = File.ReadAllLines(backup).Where(line =>
        {
            try
            {
                var o = JsonNode.Parse(line) as JsonObject;
                if (o is null) return false;
                var kind = (string?)o["kind"];
                return kind == "step" ? (long?)o["step"] <= step : kind is "epoch" or "retain-before" or "info" ? (int?)o["epoch"] < epoch || kind is "retain-before" or "info" : false;
            }
            catch (JsonException) { return false; }
        });
        Data.AtomicFile.WriteAllText(path, string.Join("\n", kept) + "\n");
    }

    public void Dispose() => writer.Dispose();
}
