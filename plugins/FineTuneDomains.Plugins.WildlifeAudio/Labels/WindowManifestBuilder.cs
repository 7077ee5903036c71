using System.Globalization;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Plugins.WildlifeAudio.Audio;

namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>
/// Builds a manifest of labelled windows from long recordings and their annotations (Raven tables or the
/// annotation CSV): every window of every annotated recording becomes an item with <c>meta.start</c> and
/// <c>meta.end</c>. Splits are drawn per recording from a seed, so windows of one recording never end up in
/// two splits.
/// </summary>
internal static class WindowManifestBuilder
{
    /// <summary>
    /// Finds the Raven table of each WAV under <paramref name="recordingsDir"/>: a file in
    /// <paramref name="tablesDir"/> (default: beside the WAV) named <c>&lt;recording&gt;.*.txt</c>
    /// (Raven's <c>x.Table.1.selections.txt</c>). Recordings without a table are not annotated and left out.
    /// </summary>
    public static List<AudioEvent> EventsFromRavenTables(string recordingsDir, string? tablesDir, string labelColumn, out List<string> recordings)
    {
        if (!Directory.Exists(recordingsDir))
        {
            throw new UserErrorException($"{recordingsDir}: no such folder");
        }

        recordings = [];
        var events = new List<AudioEvent>();
        foreach (string wav in Directory.EnumerateFiles(recordingsDir, "*", SearchOption.AllDirectories)
                     .Where(WavAudioReader.HasWavExtension).OrderBy(f => f, StringComparer.Ordinal))
        {
            string dir = tablesDir ?? Path.GetDirectoryName(wav)!;
            string stem = Path.GetFileNameWithoutExtension(wav);
            var tables = Directory.Exists(dir)
                ? Directory.EnumerateFiles(dir, stem + ".*.txt").OrderBy(f => f, StringComparer.Ordinal).ToList()
                : [];
            if (tables.Count > 1)
            {
                throw new UserErrorException($"{wav}: several Raven tables match ({string.Join(", ", tables.Select(Path.GetFileName))}); keep one per recording.");
            }

            if (tables.Count == 1)
            {
                recordings.Add(Path.GetFullPath(wav));
                events.AddRange(RavenSelectionTable.Read(tables[0], Path.GetFullPath(wav), labelColumn));
            }
        }

        if (recordings.Count == 0)
        {
            throw new UserErrorException($"{recordingsDir}: no recording has a Raven table (expected <recording>.Table.1.selections.txt beside it or in the tables folder).");
        }

        return events;
    }

    /// <summary>Writes the manifest and returns it.</summary>
    public static DatasetManifest Build(IReadOnlyList<string> recordings, IReadOnlyList<AudioEvent> events, WindowOptions options,
        string manifestPath, SplitOptions split, string name, string provenance)
    {
        options.Validate();
        string outDir = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var order = Enumerable.Range(0, recordings.Count).ToArray();
        new Random(ManifestBuilder.StableSeed(split.Seed, "recordings")).Shuffle(order);
        int nTest = (int)Math.Round(recordings.Count * split.TestFraction), nVal = (int)Math.Round(recordings.Count * split.ValFraction);
        var splitOf = new string[recordings.Count];
        for (int k = 0; k < order.Length; k++)
        {
            splitOf[order[k]] = k < nTest ? "test" : k < nTest + nVal ? "val" : "train";
        }

        var items = new List<ManifestItem>();
        var classes = new SortedSet<string>(events.Select(e => e.Label), StringComparer.Ordinal);
        if (options.BackgroundClass is string bg)
        {
            classes.Add(bg);
        }

        for (int r = 0; r < recordings.Count; r++)
        {
            string wav = recordings[r];
            var info = WavAudioReader.Probe(wav);
            string sha = DatasetManifest.HashFile(wav);
            string rel = Path.GetRelativePath(outDir, wav).Replace(Path.DirectorySeparatorChar, '/');
            foreach (var w in Windowing.Label(wav, info.Duration, events, options))
            {
                items.Add(new ManifestItem
                {
                    Path = rel,
                    Labels = w.Labels,
                    Split = splitOf[r],
                    Sha256 = sha,
                    Meta = new Dictionary<string, string>
                    {
                        ["start"] = w.Start.ToString("0.######", CultureInfo.InvariantCulture),
                        ["end"] = w.End.ToString("0.######", CultureInfo.InvariantCulture),
                    },
                });
            }
        }

        return new DatasetManifest
        {
            Name = name,
            Plugin = "wildlife-audio",
            Provenance = provenance,
            Seed = split.Seed,
            Classes = classes.ToList(),
            Items = items,
        }.Save(manifestPath);
    }
}
