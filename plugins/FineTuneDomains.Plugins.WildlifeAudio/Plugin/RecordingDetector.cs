using System.Globalization;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Training;
using FineTuneDomains.Plugins.WildlifeAudio.Audio;
using FineTuneDomains.Plugins.WildlifeAudio.Detection;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>Runs a trained model over the windows of one recording and writes its Raven table.</summary>
internal sealed class RecordingDetector(IDomainPlugin plugin, TrainedModel trained, double? minScore, double overlap)
{
    /// <summary>Suffix of the tables written (Raven opens any <c>*.selections.txt</c>).</summary>
    public const string TableSuffix = ".detections.selections.txt";

    public List<AudioEvent> Detect(string recording, string outDir)
    {
        var data = trained.Experiment.DataOptions;
        double window = data.GetDouble("clip_seconds");
        var info = WavAudioReader.Probe(recording);
        var spans = Windowing.Spans(info.Duration, new WindowOptions { Length = window, Overlap = overlap, Final = FinalWindow.AlignToEnd });
        var manifest = new DatasetManifest
        {
            Name = "detect",
            Plugin = plugin.Id,
            Classes = trained.Classes,
            BaseDirectory = Path.GetDirectoryName(recording)!,
            Items = spans.Select(s => new ManifestItem
            {
                Path = Path.GetFileName(recording),
                Split = "detect",
                Sha256 = "",
                Meta = new Dictionary<string, string> { ["start"] = s.Start.ToString("R", CultureInfo.InvariantCulture) },
            }).ToList(),
        };
        using var set = plugin.OpenDataset(manifest, "detect", new DataContext(data, false, trained.Experiment.Task));
        var (_, evaluator) = trained.Evaluate(plugin, set, "detect", labelled: false);
        var windows = evaluator.Predictions.Select(p => new ScoredWindow(spans[p.Index].Start, spans[p.Index].End, p.Scores ?? []));
        var ignore = data.GetStringOrNull("background_class") is string bg ? new HashSet<string> { bg } : null;
        var thresholds = minScore is double given ? Enumerable.Repeat(given, trained.Classes.Count).ToList()
            : (AudioEvaluator.StoredThresholds(trained.HeadMetadata, trained.Classes.Count) ?? Enumerable.Repeat(0.5, trained.Classes.Count)).ToList();
        var events = DetectionMerger.Merge(recording, windows, trained.Classes, thresholds, ignore)
            .Select(e => e with { Start = Math.Round(e.Start, 3), End = Math.Round(Math.Min(e.End, info.Duration), 3), Score = Math.Round(e.Score ?? 0, 4) })
            .ToList();
        Directory.CreateDirectory(outDir);
        RavenSelectionTable.Write(Path.Combine(outDir, Path.GetFileNameWithoutExtension(recording) + TableSuffix), events, data.GetInt("sample_rate") / 2.0);
        return events;
    }
}
