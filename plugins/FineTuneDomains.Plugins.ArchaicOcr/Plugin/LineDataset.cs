using System.Collections.Concurrent;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;
using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using FineTuneDomains.Plugins.ArchaicOcr.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>
/// One split of an OCR manifest: each item is a line image with its transcription, or a PAGE line (the item's path
/// is the page image, its target the PAGE file, <c>meta.line</c> the TextLine id). <see cref="Load"/> gives the line
/// as [1, H, W] (ink = 1) and the normalised transcription as code points; <see cref="Collate"/> pads to the widest
/// line and adds <c>widths</c> and <c>target_lengths</c> to the batch extras.
/// </summary>
internal sealed class LineDataset : ISizedDataset
{
    /// <summary>Extras key: line widths [N] before padding (int64).</summary>
    public const string WidthsKey = "widths";

    /// <summary>Extras key: transcription lengths [N] in code points (int64).</summary>
    public const string TargetLengthsKey = "target_lengths";

    /// <summary>Extras key: padding mask [N, W] (true on real columns).</summary>
    public const string MaskKey = "mask";

    private readonly DatasetManifest manifest;
    private readonly IReadOnlyList<ManifestItem> items;
    private readonly LinePreprocessing preprocessing;
    private readonly TextNormalization normalization;
    private readonly bool training;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, GroundTruthLine>> pages = new();

    // PAGE lines are cut from whole page images: decoding a page for every line and epoch would dominate loading,
    // so the small prepared line (fixed height) is kept after its first load.
    private readonly ConcurrentDictionary<int, GreyImage> preparedPageLines = new();

    public LineDataset(DatasetManifest manifest, string split, DataContext context)
    {
        this.manifest = manifest;
        items = manifest.Split(split);
        preprocessing = OcrOptions.Preprocessing(context.Task.Options, context.Options);
        normalization = OcrOptions.Normalization(context.Task.Options);
        training = context.Training;
        if (training)
        {
            CheckCoverage();
        }
    }

    public int Count => items.Count;

    public IReadOnlyList<string> Classes => manifest.Classes;

    public int InputChannels => 1;

    public ManifestItem Item(int index) => items[index];

    private double[]? sizes;

    /// <summary>
    /// The transcription's length in characters: a line's width grows with it, and it is known without
    /// decoding the image, so the loader can batch lines of similar width (less padding).
    /// </summary>
    public double SizeOf(int index)
    {
        sizes ??= Enumerable.Repeat(-1.0, items.Count).ToArray();
        if (sizes[index] < 0) sizes[index] = Text(index).Length;
        return sizes[index];
    }

    /// <summary>The transcription of an item as written (not normalised): <c>meta.text</c>, the PAGE line, the target
    /// file, or the <c>.gt.txt</c> beside the image. Outside training an item without any is unlabelled (empty).</summary>
    public string Text(int index)
    {
        var item = items[index];
        if (item.GetMeta("text") is { Length: > 0 } text)
        {
            return text;
        }

        if (item.GetMeta("line") is { } lineId)
        {
            return PageLine(item, lineId).Text;
        }

        if (item.Target is not null)
        {
            return TesstrainReader.ReadTranscription(manifest.Resolve(item.Target));
        }

        var beside = Path.ChangeExtension(manifest.Resolve(item.Path), null) + TesstrainReader.GroundTruthSuffix;
        if (File.Exists(beside) || training)
        {
            return TesstrainReader.ReadTranscription(beside);
        }

        return string.Empty;
    }

    public Example Load(int index)
    {
        var item = items[index];
        var prepared = item.GetMeta("line") is { } lineId
            ? preparedPageLines.GetOrAdd(index, _ => LinePreprocessor.Prepare(PageLine(item, lineId).LoadImage(deskew: true), preprocessing))
            : LinePreprocessor.Prepare(GreyImage.Load(manifest.Resolve(item.Path)), preprocessing);
        var text = TextNormalizer.Apply(Text(index), normalization);
        var input = torch.tensor(LinePreprocessor.ToInverted(prepared), new long[] { 1, prepared.Height, prepared.Width }, dtype: ScalarType.Float32);
        return new Example(index, input, torch.tensor(CodePoints.FromText(text), dtype: ScalarType.Int64));
    }

    public Batch Collate(IReadOnlyList<Example> examples)
    {
        try
        {
            using var scope = torch.NewDisposeScope();
            var targets = examples.Select(e => e.Target.data<long>().Select(v => (int)v).ToArray()).ToList();
            var lines = LineBatcher.Collate(examples.Select(e => e.Input).ToList(), targets);
            var extras = new Dictionary<string, Tensor>
            {
                [WidthsKey] = lines.Widths.MoveToOuterDisposeScope(),
                [TargetLengthsKey] = lines.TargetLengths.MoveToOuterDisposeScope(),
                [MaskKey] = lines.Mask.MoveToOuterDisposeScope(),
            };
            return new Batch(lines.Images.MoveToOuterDisposeScope(), lines.Targets.MoveToOuterDisposeScope(), examples.Select(e => e.Index).ToList(), extras);
        }
        finally
        {
            foreach (var example in examples)
            {
                example.Dispose();
            }
        }
    }

    public void Dispose()
    {
    }

    /// <summary>Lists, before training, characters of this split that the manifest's alphabet (its classes) lacks.</summary>
    private void CheckCoverage()
    {
        var alphabet = Alphabet.FromTexts(manifest.Classes, normalization);
        var lines = Enumerable.Range(0, items.Count).Select(i => (Source: items[i].Path + (items[i].GetMeta("line") is { } l ? $" line {l}" : string.Empty), Text: Text(i)));
        var uncovered = AlphabetCoverage.FindUncovered(alphabet, lines);
        if (uncovered.Count > 0)
        {
            throw new DataFormatException(manifest.SourcePath ?? manifest.Name,
                "the manifest's classes (the alphabet) miss characters its lines use; rebuild it with `ftd archaic-ocr manifest`. " + AlphabetCoverage.Describe(alphabet, uncovered));
        }
    }

    private GroundTruthLine PageLine(ManifestItem item, string lineId)
    {
        if (item.Target is null)
        {
            throw new DataFormatException(manifest.SourcePath ?? manifest.Name, $"item {item.Path} names PAGE line '{lineId}' but no PAGE file (target)");
        }

        var pageFile = manifest.Resolve(item.Target);
        var lines = pages.GetOrAdd(pageFile, f => PageXmlReader.Read(f, out _).ToDictionary(l => l.LineId!, l => l));
        return lines.TryGetValue(lineId, out var line)
            ? line
            : throw new DataFormatException(pageFile, $"no transcribed TextLine with id '{lineId}' (named by the manifest)");
    }
}
