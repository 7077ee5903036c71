namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>A window of a recording with its labels (zero, one or several; sorted, distinct).</summary>
internal sealed record AudioWindow(string Recording, double Start, double End, IReadOnlyList<string> Labels)
{
    /// <summary>Length in seconds.</summary>
    public double Duration => End - Start;
}
