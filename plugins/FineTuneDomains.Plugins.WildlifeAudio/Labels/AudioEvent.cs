namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>
/// One annotated (or detected) sound event: a time span of a recording with a label and, as in Raven, an
/// optional frequency box. <paramref name="Score"/> is set for detections only.
/// </summary>
internal sealed record AudioEvent(
    string Recording,
    double Start,
    double End,
    string Label,
    double? LowFrequency = null,
    double? HighFrequency = null,
    double? Score = null)
{
    /// <summary>Length in seconds.</summary>
    public double Duration => End - Start;
}
