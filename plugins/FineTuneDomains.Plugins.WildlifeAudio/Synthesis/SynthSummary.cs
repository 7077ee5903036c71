namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>What the generator wrote.</summary>
internal sealed record SynthSummary(int Files, int Events, int ManifestItems, double TotalSeconds, string ManifestPath);
