namespace FineTuneDomains.Plugins.ArchaicOcr.Metrics;

/// <summary>A character confusion counted from alignments: reference → hypothesis ("" for a deletion's hypothesis or
/// an insertion's reference).</summary>
internal sealed record Confusion(string Reference, string Hypothesis, int Count);
