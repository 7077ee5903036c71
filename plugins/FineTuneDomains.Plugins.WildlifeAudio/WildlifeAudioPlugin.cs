using System.CommandLine;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.WildlifeAudio.Audio;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;
using FineTuneDomains.Plugins.WildlifeAudio.Plugin;

namespace FineTuneDomains.Plugins.WildlifeAudio;

/// <summary>
/// The wildlife-audio domain: field recordings (WAV) and their labels become batched log-mel spectrograms
/// [B, 1, n_mels, frames] for an image backbone; species heads, bioacoustic metrics and the <c>synth</c>, <c>windows</c> and <c>detect</c> verbs.
/// </summary>
public sealed class WildlifeAudioPlugin : IDomainPlugin
{
    /// <summary>The plugin id used in experiments and on the command line.</summary>
    public const string PluginId = "wildlife-audio";

    /// <inheritdoc />
    public string Id => PluginId;

    /// <inheritdoc />
    public PluginDescription Describe() => new()
    {
        Id = PluginId,
        Version = typeof(WildlifeAudioPlugin).Assembly.GetName().Version?.ToString(3) ?? "0.1.0",
        Summary = "Wildlife audio: species classification and detection on field recordings (log-mel/PCEN spectrograms)",
        InputFormats =
        [
            "WAV: PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE, any channels and sample rate",
            "labels: folder per class, CSV path,start,end,label, Raven selection tables",
        ],
        Tasks = TaskSettings.Descriptions,
        Augmentations = AugmentationCatalog.Descriptions,
        DataOptions = DataSettings.Schema,
        Verbs = ["synth", "windows", "detect"],
    };

    /// <inheritdoc />
    /// <remarks>FLAC, Ogg, MP3… are accepted too so that <c>ftd data verify</c> reports them with a conversion command instead of skipping them.</remarks>
    public bool AcceptsFile(string path) => FolderPerClass.AudioExtensions.Contains(Path.GetExtension(path));

    /// <inheritdoc />
    public void CheckFile(string path) => WavAudioReader.Read(path);

    /// <inheritdoc />
    public IDataset OpenDataset(DatasetManifest manifest, string split, DataContext context) =>
        new WildlifeAudioDataset(manifest, split, context.Options, context.Task.Type);

    /// <inheritdoc />
    public Augmentation CreateAugmentation(AugmentationSpec spec) => AugmentationCatalog.Create(spec);

    /// <inheritdoc />
    public ITaskHead CreateHead(TaskContext context) => new AudioTaskHead(context);

    /// <inheritdoc />
    public IEvaluator CreateEvaluator(TaskContext context) => new AudioEvaluator(context);

    /// <inheritdoc />
    public IEnumerable<Command> CreateCommands(PluginServices services) => [SynthCommand.Create(services), WindowsCommand.Create(services), DetectCommand.Create(this, services)];
}
