using FineTuneDomains.Core.Config;

namespace FineTuneDomains.Core.Plugins;

/// <summary>An augmentation a plugin offers, with the schema of its settings.</summary>
public sealed record AugmentationDescription(string Name, string Summary, IReadOnlyList<OptionSpec> Options);
