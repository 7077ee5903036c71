using System.Globalization;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Plugins.WildlifeAudio.Audio;
using FineTuneDomains.Plugins.WildlifeAudio.Features;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>
/// One split of a wildlife-audio manifest. <see cref="Load"/> reads an item's waveform
/// ([samples] at the data sample rate; items with <c>start</c> metadata are windows of a longer recording);
/// <see cref="Collate"/> featurises the whole batch at once to [B, 1, n_mels, frames].
/// Targets are float vectors over the classes: one-hot for classification (so that mixup can mix them),
/// multi-hot for multi-label. Splits other than train/val/test (e.g. <c>predict</c>, <c>detect</c>) are
/// unlabelled: their items may have no label and get an all-zero target.
/// </summary>
internal sealed class WildlifeAudioDataset : IDataset
{
    private readonly DatasetManifest _manifest;
    private readonly IReadOnlyList<ManifestItem> _items;
    private readonly LabelSet _labels;
    private readonly bool _multiLabel;
    private readonly string? _background;
    private readonly AudioReadOptions _read;
    private readonly int _samples;
    private readonly LogMelSpectrogram _features;
    private readonly bool _labelled;

    public WildlifeAudioDataset(DatasetManifest manifest, string split, Core.Config.Settings options, string taskType)
    {
        _manifest = manifest;
        _items = manifest.Split(split);
        _labels = new LabelSet(manifest.Classes);
        _multiLabel = taskType == TaskKinds.MultiLabel;
        _labelled = split is "train" or "val" or "test";
        _background = options.GetStringOrNull("background_class");
        if (_background is not null && !manifest.Classes.Contains(_background))
        {
            throw new UserErrorException($"background_class '{_background}' is not one of the manifest's classes ({string.Join(", ", manifest.Classes)}).");
        }

        int rate = options.GetInt("sample_rate");
        double seconds = options.GetDouble("clip_seconds");
        _read = new AudioReadOptions { TargetSampleRate = rate, Channel = options.GetIntOrNull("channel"), Duration = seconds };
        _samples = (int)Math.Round(seconds * rate);
        _features = new LogMelSpectrogram(DataSettings.LogMel(options));
    }

    public int Count => _items.Count;

    public IReadOnlyList<string> Classes => _labels.Classes;

    public int InputChannels => 1;

    /// <summary>Samples per item.</summary>
    public int Samples => _samples;

    /// <summary>Spectrogram settings (the batch shape is [B, 1, n_mels, frames]).</summary>
    public LogMelOptions Features => _features.Options;

    public ManifestItem Item(int index) => _items[index];

    public Example Load(int index)
    {
        var item = _items[index];
        string path = _manifest.Resolve(item.Path);
        double start = 0;
        if (item.GetMeta("start") is string s && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out start))
        {
            throw new DataFormatException(_manifest.SourcePath ?? path, $"item {item.Path}: meta 'start' is '{s}', not a number of seconds");
        }

        var audio = WavAudioReader.Read(path, _read with { Offset = start });
        var target = Target(item);
        return new Example(index, tensor(audio.Samples), tensor(target));
    }

    public Batch Collate(IReadOnlyList<Example> examples)
    {
        try
        {
            using var scope = NewDisposeScope();
            var waves = stack(examples.Select(e => e.Input).ToArray());
            var features = _features.Compute(waves);
            var targets = stack(examples.Select(e => e.Target).ToArray()).to_type(ScalarType.Float32);
            return new Batch(features, targets, examples.Select(e => e.Index).ToList()).MoveToOuterDisposeScope();
        }
        finally
        {
            foreach (var e in examples)
            {
                e.Dispose();
            }
        }
    }

    private float[] Target(ManifestItem item)
    {
        var labels = item.Labels;
        if (_multiLabel)
        {
            return _labels.MultiHot(labels);
        }

        if (labels.Count == 0 && _background is not null)
        {
            labels = [_background];
        }

        if (labels.Count == 0 && !_labelled)
        {
            return new float[_labels.Classes.Count];
        }

        if (labels.Count != 1)
        {
            throw new UserErrorException(
                $"{_manifest.SourcePath}: item {item.Path}{(item.GetMeta("start") is string st ? " at " + st + " s" : "")} has {labels.Count} labels; " +
                "single-label classification needs exactly one (use task type 'multilabel', or set data.options.background_class for items without calls).");
        }

        return _labels.MultiHot(labels);
    }

    public void Dispose() => _features.Dispose();
}
