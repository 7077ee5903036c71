namespace FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;

/// <summary>Lines read from a set of files, with the number of PAGE lines skipped because they had no transcription.</summary>
internal sealed record GroundTruthSet(IReadOnlyList<GroundTruthLine> Lines, int UntranscribedPageLines);
