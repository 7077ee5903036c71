using FineTuneDomains.Core.Config;

namespace FineTuneDomains.Core.Plugins;

/// <summary>What a plugin offers, as listed by <c>ftd plugins list</c> and used to validate experiments.</summary>
public sealed record PluginDescription
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Summary { get; init; }

    /// <summary>Input formats, e.g. "WAV (PCM 8/16/24/32, float 32/64)", "DICOM Part 10".</summary>
    public IReadOnlyList<string> InputFormats { get; init; } = [];

    /// <summary>Task types the plugin's heads implement.</summary>
    public IReadOnlyList<TaskDescription> Tasks { get; init; } = [];

    /// <summary>Augmentations usable in an experiment's <c>augment</c> list.</summary>
    public IReadOnlyList<AugmentationDescription> Augmentations { get; init; } = [];

    /// <summary>Schema of the experiment's <c>data.options</c> for this plugin.</summary>
    public IReadOnlyList<OptionSpec> DataOptions { get; init; } = [];

    /// <summary>Names of the plugin's verbs (for listings; the commands themselves come from CreateCommands).</summary>
    public IReadOnlyList<string> Verbs { get; init; } = [];
}
