using System.Globalization;
using FineTuneDomains.Core.Plugins;

namespace FineTuneDomains.Core.Data;

/// <summary>
/// Builds manifests from a folder-per-class tree or a CSV (<c>path,label[,split]</c>). Without explicit splits
/// it makes a deterministic stratified train/val/test split from a seed.
/// </summary>
public static class ManifestBuilder
{
    /// <summary>Split names a folder tree may use at its top level.</summary>
    public static readonly string[] StandardSplits = ["train", "val", "test"];

    /// <summary>Builds a manifest for <paramref name="plugin"/> from a folder or a CSV and writes it to <paramref name="outPath"/>.</summary>
    public static DatasetManifest Build(IDomainPlugin plugin, string source, string outPath, SplitOptions split, string? name = null,
        string licence = "unspecified", string provenance = "")
    {
        var full = Path.GetFullPath(source);
        List<(string File, IReadOnlyList<string> Labels, string? Split)> entries;
        if (Directory.Exists(full)) entries = FromFolder(plugin, full);
        else if (File.Exists(full) && full.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) entries = FromCsv(full);
        else if (File.Exists(full)) throw new UserErrorException($"{source}: expected a folder of class folders or a .csv file (path,label[,split])");
        else throw new UserErrorException($"{source}: no such file or folder");
        if (entries.Count == 0) throw new UserErrorException($"{source}: no data files found that plugin '{plugin.Id}' reads");

        var outFull = Path.GetFullPath(outPath);
        var outDir = Path.GetDirectoryName(outFull)!;
        var classes = entries.SelectMany(e => e.Labels).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        var splits = entries.All(e => e.Split is not null)
            ? entries.Select(e => e.Split!).ToList()
            : StratifiedSplit(entries.Select(e => e.Labels.FirstOrDefault() ?? "").ToList(), split);
        if (entries.Any(e => e.Split is not null) && entries.Any(e => e.Split is null))
            throw new UserErrorException($"{source}: some rows give a split and some do not; give it for all rows or for none");

        var items = new List<ManifestItem>(entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            var (file, labels, _) = entries[i];
            items.Add(new ManifestItem
            {
                Path = Path.GetRelativePath(outDir, file).Replace(Path.DirectorySeparatorChar, '/'),
                Labels = labels,
                Split = splits[i],
                Sha256 = DatasetManifest.HashFile(file),
            });
        }
        var manifest = new DatasetManifest
        {
            Name = name ?? Path.GetFileNameWithoutExtension(full.TrimEnd(Path.DirectorySeparatorChar)),
            Plugin = plugin.Id,
            Licence = licence,
            Provenance = provenance.Length > 0 ? provenance : $"built by ftd data build from {Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar))}",
            Seed = split.Seed,
            Classes = classes,
            Items = items,
        };
        return manifest.Save(outFull);
    }

    private static List<(string, IReadOnlyList<string>, string?)> FromFolder(IDomainPlugin plugin, string root)
    {
        var result = new List<(string, IReadOnlyList<string>, string?)>();
        var top = Directory.GetDirectories(root).Select(d => Path.GetFileName(d)!).OrderBy(d => d, StringComparer.Ordinal).ToList();
        bool splitTree = top.Count > 0 && top.All(t => StandardSplits.Contains(t));
        IEnumerable<(string Dir, string? Split)> classRoots = splitTree
            ? top.Select(t => (Path.Combine(root, t), (string?)t))
            : [(root, null)];
        foreach (var (dir, split) in classRoots)
        {
            foreach (var classDir in Directory.GetDirectories(dir).OrderBy(d => d, StringComparer.Ordinal))
            {
                var label = Path.GetFileName(classDir)!;
                foreach (var file in Directory.EnumerateFiles(classDir, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                    if (plugin.AcceptsFile(file)) result.Add((file, [label], split));
            }
        }
        return result;
    }

    private static List<(string, IReadOnlyList<string>, string?)> FromCsv(string csv)
    {
        var dir = Path.GetDirectoryName(csv)!;
        var result = new List<(string, IReadOnlyList<string>, string?)>();
        var lines = File.ReadAllLines(csv);
        for (int n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = SplitCsvLine(line);
            if (n == 0 && cells.Count > 0 && cells[0].Equals("path", StringComparison.OrdinalIgnoreCase)) continue;
            if (cells.Count is < 2 or > 3)
                throw new DataFormatException(csv, $"line {n + 1}: expected path,label[,split] but found {cells.Count} column(s)");
            var rel = cells[0];
            if (Path.IsPathRooted(rel)) throw new DataFormatException(csv, $"line {n + 1}: path '{rel}' must be relative to the CSV's folder");
            var file = Path.GetFullPath(Path.Combine(dir, rel));
            if (!File.Exists(file)) throw new DataFormatException(csv, $"line {n + 1}: file '{rel}' does not exist");
            var labels = cells[1].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var split = cells.Count == 3 && cells[2].Length > 0 ? cells[2] : null;
            result.Add((file, labels, split));
        }
        return result;
    }

    /// <summary>Splits one CSV line, honouring double quotes.</summary>
    internal static List<string> SplitCsvLine(string line)
    {
        var cells = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cur.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cur.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cur.ToString().Trim()); cur.Clear(); }
            else cur.Append(c);
        }
        cells.Add(cur.ToString().Trim());
        return cells;
    }

    /// <summary>
    /// Assigns train/val/test per class: items of each class (in the given order) are shuffled with a
    /// generator seeded from the seed and the class name, then the first ones go to test, the next to val.
    /// Classes with at least three items get at least one in each split.
    /// </summary>
    public static List<string> StratifiedSplit(IReadOnlyList<string> labels, SplitOptions options)
    {
        var result = new string[labels.Count];
        foreach (var group in labels.Select((l, i) => (l, i)).GroupBy(x => x.l))
        {
            var idx = group.Select(x => x.i).ToList();
            var rng = new Random(StableSeed(options.Seed, group.Key));
            for (int i = idx.Count - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (idx[i], idx[j]) = (idx[j], idx[i]);
            }
            int n = idx.Count;
            int nTest = (int)Math.Round(n * options.TestFraction, MidpointRounding.AwayFromZero);
            int nVal = (int)Math.Round(n * options.ValFraction, MidpointRounding.AwayFromZero);
            if (n >= 3)
            {
                if (options.TestFraction > 0) nTest = Math.Max(1, nTest);
                if (options.ValFraction > 0) nVal = Math.Max(1, nVal);
            }
            if (nTest + nVal >= n) { nTest = Math.Min(nTest, Math.Max(0, n - 1)); nVal = Math.Max(0, n - 1 - nTest); }
            for (int k = 0; k < n; k++)
                result[idx[k]] = k < nTest ? "test" : k < nTest + nVal ? "val" : "train";
        }
        return result.ToList();
    }

    /// <summary>A seed that depends only on the run seed and a text (string.GetHashCode is randomised per process).</summary>
    public static int StableSeed(int seed, string text)
    {
        unchecked
        {
            uint h = 2166136261;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(text)) h = (h ^ b) * 16777619;
            h ^= (uint)seed * 2654435761u;
            return (int)(h & 0x7fffffff);
        }
    }
}
