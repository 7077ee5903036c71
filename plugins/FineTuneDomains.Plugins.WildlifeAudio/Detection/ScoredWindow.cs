namespace FineTuneDomains.Plugins.WildlifeAudio.Detection;

/// <summary>A window of a recording with one score per class.</summary>
internal sealed record ScoredWindow(double Start, double End, IReadOnlyList<double> Scores);
