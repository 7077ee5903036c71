namespace FineTuneDomains.Core.Plugins;

/// <summary>
/// A named, ordered group of parameters (e.g. <c>stem</c>, <c>layer1</c>, <c>head</c>): the unit of
/// freezing, learning rates and batch-norm policy. Parameters belong to a group when their name (relative to
/// the module that declares the group) starts with one of <see cref="Prefixes"/>; an empty prefix means all.
/// </summary>
public sealed record LayerGroup(string Name, IReadOnlyList<string> Prefixes);
