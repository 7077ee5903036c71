namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>A whole recording with its class (folder-per-class data sets).</summary>
internal sealed record LabelledClip(string Path, string Label);
