using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.ArchaicOcr;
using FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;
using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using FineTuneDomains.Plugins.ArchaicOcr.Plugin;

[assembly: DomainPlugin(typeof(ArchaicOcrPlugin), PluginContract.Version)]

namespace FineTuneDomains.Plugins.ArchaicOcr;

/// <summary>
/// Archaic-script OCR: text-line images (tesstrain pairs or PAGE XML pages) to a CRNN-CTC recogniser, fine-tuned from
/// a base recogniser with alphabet extension, scored by CER and WER under a recorded Unicode normalisation.
/// </summary>
public sealed class ArchaicOcrPlugin : IDomainPlugin
{
    /// <summary>The plugin id used in experiments and on the command line.</summary>
    public const string PluginId = "archaic-ocr";

    /// <inheritdoc />
    public string Id => PluginId;

    /// <inheritdoc />
    public PluginDescription Describe() => new()
    {
        Id = PluginId,
        Version = typeof(ArchaicOcrPlugin).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        Summary = "Archaic-script OCR: text lines (tesstrain .gt.txt pairs, PAGE XML 2013/2019) to a CRNN-CTC recogniser; alphabet keep/union/new when fine-tuning; CER/WER.",
        InputFormats = ["line image (PNG, JPEG, TIFF, BMP; grey or colour) + name.gt.txt (UTF-8, one line)", "PAGE XML 2013-07-15/2019-07-15 (TextLine Coords + TextEquiv/Unicode) + page image"],
        Tasks = [new TaskDescription(OcrOptions.TaskType, "Text-line recognition: CRNN (conv trunk, BiLSTM, linear over blank + alphabet) trained with CTC.", OcrOptions.Task) { DefaultMonitor = "cer" }],
        DataOptions = OcrOptions.Data,
        Verbs = ["synth", "manifest", "transcribe", "score"],
    };

    /// <inheritdoc />
    public bool AcceptsFile(string path)
    {
        if (GroundTruthReader.IsGroundTruthFile(path))
        {
            return path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);
        }

        // A line image counts when its transcription sits beside it.
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension is ".png" or ".jpg" or ".jpeg" or ".tif" or ".tiff" or ".bmp"
            && File.Exists(Path.ChangeExtension(path, null) + TesstrainReader.GroundTruthSuffix);
    }

    /// <inheritdoc />
    public void CheckFile(string path)
    {
        if (path.EndsWith(TesstrainReader.GroundTruthSuffix, StringComparison.OrdinalIgnoreCase))
        {
            TesstrainReader.ReadTranscription(path);
        }
        else if (path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
        {
            PageXmlReader.Read(path, out _);
        }
        else
        {
            GreyImage.Load(path);
        }
    }

    /// <inheritdoc />
    public IDataset OpenDataset(DatasetManifest manifest, string split, DataContext context) => new LineDataset(manifest, split, context);

    /// <inheritdoc />
    public Augmentation CreateAugmentation(AugmentationSpec spec) =>
        throw new UserErrorException($"archaic-ocr offers no augmentation '{spec.Name}' (degraded lines come from `ftd archaic-ocr synth`).");

    /// <inheritdoc />
    public ITaskHead CreateHead(TaskContext context) => new CrnnHead(RequireCtc(context));

    /// <inheritdoc />
    public IEvaluator CreateEvaluator(TaskContext context) => new OcrEvaluator(RequireCtc(context));

    /// <inheritdoc />
    public IEnumerable<Command> CreateCommands(PluginServices services) => OcrCommands.Create(this, services);

    private static TaskContext RequireCtc(TaskContext context) => context.Task.Type == OcrOptions.TaskType
        ? context
        : throw new UserErrorException($"archaic-ocr implements task type '{OcrOptions.TaskType}', not '{context.Task.Type}'.");
}
