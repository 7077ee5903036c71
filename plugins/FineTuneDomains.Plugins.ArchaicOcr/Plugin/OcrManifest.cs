using System.Text;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>
/// Builds an OCR manifest from ground truth: one item per line (line image + .gt.txt as target, or page image +
/// PAGE file as target with <c>meta.line</c>), the transcription in <c>meta.text</c>, and as <c>classes</c> every
/// code point of the transcriptions as written and in NFC (so an alphabet under NFC, NFD or none can be derived).
/// </summary>
internal static class OcrManifest
{
    /// <summary>Builds and writes the manifest; splits are random per line from the seed unless all lines sit under
    /// train/, val/ or test/ folders.</summary>
    public static DatasetManifest Build(GroundTruthSet set, string outPath, SplitOptions split, string name, string licence, string provenance)
    {
        if (set.Lines.Count == 0)
        {
            throw new UserErrorException("No ground truth found: expected *.gt.txt beside line images, or PAGE XML files.");
        }

        var outDir = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
        string Relative(string path) => Path.GetRelativePath(outDir, path).Replace(Path.DirectorySeparatorChar, '/');
        var folderSplits = set.Lines.Select(l => SplitFolder(l.PageFile ?? l.Source)).ToList();
        var splits = folderSplits.All(s => s is not null)
            ? folderSplits.Select(s => s!).ToList()
            : ManifestBuilder.StratifiedSplit(set.Lines.Select(_ => "line").ToList(), split);

        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        string Hash(string path) => hashes.TryGetValue(path, out var h) ? h : hashes[path] = DatasetManifest.HashFile(path);
        var items = new List<ManifestItem>(set.Lines.Count);
        for (var i = 0; i < set.Lines.Count; i++)
        {
            var line = set.Lines[i];
            var target = line.PageFile ?? line.Source;
            var meta = new Dictionary<string, string> { ["text"] = line.Text };
            if (line.LineId is not null)
            {
                meta["line"] = line.LineId;
            }

            items.Add(new ManifestItem
            {
                Path = Relative(line.ImagePath),
                Split = splits[i],
                Sha256 = Hash(line.ImagePath),
                Target = Relative(target),
                TargetSha256 = Hash(target),
                Meta = meta,
            });
        }

        var manifest = new DatasetManifest
        {
            Name = name,
            Plugin = ArchaicOcrPlugin.PluginId,
            Licence = licence,
            Provenance = provenance,
            Seed = split.Seed,
            Classes = Classes(set.Lines.Select(l => l.Text)),
            Items = items,
        };
        return manifest.Save(outPath);
    }

    /// <summary>Every code point of the texts as written and in NFC, in code point order.</summary>
    public static IReadOnlyList<string> Classes(IEnumerable<string> texts)
    {
        var set = new SortedSet<int>();
        foreach (var text in texts)
        {
            foreach (var form in new[] { text, text.Normalize(NormalizationForm.FormC) })
            {
                foreach (var rune in form.EnumerateRunes())
                {
                    set.Add(rune.Value);
                }
            }
        }

        return set.Select(char.ConvertFromUtf32).ToList();
    }

    private static string? SplitFolder(string path)
    {
        // The folder holding the file, or the one above (PAGE files often sit in a page/ subfolder).
        var parts = Path.GetFullPath(path).Split(Path.DirectorySeparatorChar);
        return parts.Reverse().Skip(1).Take(2).FirstOrDefault(p => ManifestBuilder.StandardSplits.Contains(p));
    }
}
