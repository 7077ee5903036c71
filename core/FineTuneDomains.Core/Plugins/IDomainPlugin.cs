using System.CommandLine;
using FineTuneDomains.Core.Data;

namespace FineTuneDomains.Core.Plugins;

/// <summary>
/// A domain: turns domain files into tensors, owns its task heads, metrics and verbs.
/// Everything generic about fine-tuning (backbones, freezing, optimisation, schedules, checkpoints, run
/// records) belongs to the core. Implementations need a public parameterless constructor.
/// </summary>
public interface IDomainPlugin
{
    /// <summary>Stable id used in experiments and on the command line, e.g. <c>wildlife-audio</c>.</summary>
    string Id { get; }

    /// <summary>What the plugin offers: version, tasks, input formats, option schemas, augmentations, verbs.</summary>
    PluginDescription Describe();

    /// <summary>True if the file is a data item of this domain (used by <c>ftd data build</c> on a folder).</summary>
    bool AcceptsFile(string path);

    /// <summary>Decodes the file fully; throws <see cref="DataFormatException"/> if it cannot be read.</summary>
    void CheckFile(string path);

    /// <summary>Opens one split of a manifest. <paramref name="context"/> carries validated data options.</summary>
    IDataset OpenDataset(DatasetManifest manifest, string split, DataContext context);

    /// <summary>Creates a named augmentation (one listed in <see cref="PluginDescription.Augmentations"/>).</summary>
    Augmentation CreateAugmentation(AugmentationSpec spec);

    /// <summary>Creates the task head that maps backbone feature maps to outputs, with its loss.</summary>
    ITaskHead CreateHead(TaskContext context);

    /// <summary>Creates the evaluator that turns outputs into the plugin's metrics.</summary>
    IEvaluator CreateEvaluator(TaskContext context);

    /// <summary>Plugin verbs, shown as <c>ftd &lt;id&gt; &lt;verb&gt;</c>. Actions throw
    /// <see cref="UserErrorException"/> for user mistakes.</summary>
    IEnumerable<Command> CreateCommands(PluginServices services);
}
