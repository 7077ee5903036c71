namespace FineTuneDomains.Core.Data;

/// <summary>How <see cref="ManifestBuilder"/> splits items without an explicit split.</summary>
public sealed record SplitOptions(int Seed = 42, double ValFraction = 0.15, double TestFraction = 0.15);
