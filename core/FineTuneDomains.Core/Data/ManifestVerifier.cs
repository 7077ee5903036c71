using FineTuneDomains.Core.Plugins;

namespace FineTuneDomains.Core.Data;

/// <summary>Checks a manifest against the files: existence, SHA-256, decodability, labels and split counts.</summary>
public static class ManifestVerifier
{
    /// <summary>
    /// Verifies every file once (items sharing a file are checked once). <paramref name="decode"/> also asks the
    /// plugin to decode each file; <paramref name="progress"/> is told after each file.
    /// </summary>
    public static VerificationReport Verify(DatasetManifest manifest, IDomainPlugin? plugin, bool decode, Action<int, int>? progress = null)
    {
        var problems = new List<FileProblem>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in manifest.Items)
        {
            files.TryAdd(item.Path, item.Sha256);
            if (item.Target is not null) files.TryAdd(item.Target, item.TargetSha256 ?? "");
        }
        var conflicting = manifest.Items.GroupBy(i => i.Path).Where(g => g.Select(i => i.Sha256).Distinct().Count() > 1);
        foreach (var g in conflicting) problems.Add(new FileProblem(g.Key, "items disagree on this file's SHA-256"));

        int done = 0;
        var lockObj = new object();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, kv =>
        {
            var (rel, expected) = kv;
            var path = manifest.Resolve(rel);
            FileProblem? problem = null;
            if (!File.Exists(path)) problem = new FileProblem(rel, "missing");
            else
            {
                var actual = DatasetManifest.HashFile(path);
                if (expected.Length > 0 && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                    problem = new FileProblem(rel, $"SHA-256 mismatch: manifest {expected[..12]}…, file {actual[..12]}…");
                else if (decode && plugin is not null && plugin.AcceptsFile(path))
                {
                    try { plugin.CheckFile(path); }
                    catch (DataFormatException e) { problem = new FileProblem(rel, "cannot be decoded: " + e.Problem); }
                    catch (UserErrorException e) { problem = new FileProblem(rel, "cannot be decoded: " + e.Message); }
                }
            }
            lock (lockObj)
            {
                if (problem is not null) problems.Add(problem);
                progress?.Invoke(++done, files.Count);
            }
        });

        foreach (var item in manifest.Items)
            foreach (var label in item.Labels)
                if (!manifest.Classes.Contains(label))
                    problems.Add(new FileProblem(item.Path, $"label '{label}' is not one of the manifest's classes"));

        var counts = Counts(manifest);
        var splitProblems = new List<string>();
        if (!counts.ContainsKey("train")) splitProblems.Add("no items in split 'train'");
        if (!counts.ContainsKey("val")) splitProblems.Add("no items in split 'val' (needed for early stopping and the best checkpoint)");
        if (counts.TryGetValue("train", out var train))
            foreach (var c in manifest.Classes.Where(c => !train.ContainsKey(c)))
                splitProblems.Add($"class '{c}' has no training items");

        return new VerificationReport(files.Count, problems.OrderBy(p => p.Path, StringComparer.Ordinal).ToList(), splitProblems, counts);
    }

    /// <summary>Items per split and class (an item with several labels counts once for each; none counts as "(none)").</summary>
    public static Dictionary<string, Dictionary<string, int>> Counts(DatasetManifest manifest)
    {
        var counts = new Dictionary<string, Dictionary<string, int>>();
        foreach (var item in manifest.Items)
        {
            if (!counts.TryGetValue(item.Split, out var perClass)) counts[item.Split] = perClass = new Dictionary<string, int>();
            foreach (var label in item.Labels.Count == 0 ? ["(none)"] : item.Labels)
                perClass[label] = perClass.GetValueOrDefault(label) + 1;
        }
        return counts;
    }
}
