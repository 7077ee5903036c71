using FineTuneDomains.Core.Config;

namespace FineTuneDomains.Core.Plugins;

/// <summary>One entry of an experiment's <c>augment</c> list: a name and its validated settings.</summary>
public sealed record AugmentationSpec(string Name, Settings Settings);
