using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.CtDicom.Dicom;
using FineTuneDomains.Plugins.CtDicom.Plugin;

[assembly: DomainPlugin(typeof(CtDicomPlugin), PluginContract.Version)]

namespace FineTuneDomains.Plugins.CtDicom.Plugin;

/// <summary>
/// The CT-from-DICOM domain: our own DICOM reader (uncompressed, deflated, RLE, JPEG Lossless), slices in
/// Hounsfield units with windows stacked as channels, slice / 2.5D / series classification with its metrics,
/// and the verbs dump, export, series and synth.
/// </summary>
public sealed class CtDicomPlugin : IDomainPlugin
{
    public const string PluginId = "ct-dicom";
    public const string ClassificationTask = "classification";

    public string Id => PluginId;

    public PluginDescription Describe() => new()
    {
        Id = PluginId,
        Version = typeof(CtDicomPlugin).Assembly.GetName().Version?.ToString(3) ?? "0.1.0",
        Summary = "CT from DICOM: own Part 10 reader, HU and windows, slice/2.5D/series classification.",
        InputFormats =
        [
            "DICOM Part 10 or bare data sets: Implicit/Explicit VR Little Endian, Explicit VR Big Endian, Deflated",
            "RLE Lossless, JPEG Lossless process 14 (1.2.840.10008.1.2.4.57 and .70)",
        ],
        Tasks =
        [
            new TaskDescription(ClassificationTask, "Binary or multi-class classification of slices, 2.5D stacks or whole series (data.options.input).",
            [
                OptionSpec.Double("threshold", 0.5, "Binary: operating point on the positive class's probability.", 0, 1),
                OptionSpec.String("positive_class", null, "Binary: the positive class (default 'lesion' if present, else the second class)."),
                OptionSpec.Doubles("class_weights", null, "Cross-entropy weight per class, in class order (e.g. [4, 1] when lesions are rare); null: equal.", 0, 1000),
            ]) { DefaultMonitor = "balanced_accuracy" },
        ],
        Augmentations = CtAugmentations.All,
        DataOptions = CtDataOptions.Schema,
        Verbs = ["dump", "export", "series", "synth"],
    };

    /// <summary>DICOM files by content (any extension); DICOMDIR indexes are not data items.</summary>
    public bool AcceptsFile(string path) =>
        !Path.GetFileName(path).Equals("DICOMDIR", StringComparison.OrdinalIgnoreCase) && DicomFile.LooksLikeDicom(path);

    public void CheckFile(string path)
    {
        var f = DicomFile.Open(path);
        if (f.Dataset.Contains(DicomTag.PixelData)) f.GetPixelData().ReadAllFrames();
    }

    public IDataset OpenDataset(DatasetManifest manifest, string split, DataContext context) =>
        new CtDataset(manifest, split, CtDataOptions.From(context.Options));

    public Augmentation CreateAugmentation(AugmentationSpec spec) => CtAugmentations.Create(spec);

    public ITaskHead CreateHead(TaskContext context)
    {
        CheckTask(context);
        return new CtClassificationHead(context);
    }

    public IEvaluator CreateEvaluator(TaskContext context)
    {
        CheckTask(context);
        var classes = context.Classes;
        int positive = 1;
        var named = context.Task.Options.Has("positive_class") ? context.Task.Options.GetStringOrNull("positive_class") : null;
        if (named is not null)
        {
            positive = classes.ToList().IndexOf(named);
            if (positive < 0) throw new UserErrorException($"task.positive_class '{named}' is not one of the classes ({string.Join(", ", classes)})");
        }
        else if (classes.Contains("lesion")) positive = classes.ToList().IndexOf("lesion");
        double threshold = context.Task.Options.Has("threshold") ? context.Task.Options.GetDouble("threshold") : 0.5;
        return new CtEvaluator(classes, classes.Count == 2 ? positive : 0, threshold);
    }

    private static void CheckTask(TaskContext context)
    {
        if (context.Task.Type != ClassificationTask)
            throw new UserErrorException($"ct-dicom has no task '{context.Task.Type}'; it offers '{ClassificationTask}'");
        if (context.Classes.Count < 2) throw new UserErrorException($"classification needs at least two classes, got {context.Classes.Count}");
    }

    public IEnumerable<Command> CreateCommands(PluginServices services) => CtCommands.Create(services);
}
