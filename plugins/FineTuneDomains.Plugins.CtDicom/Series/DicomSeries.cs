namespace FineTuneDomains.Plugins.CtDicom.Series;

/// <summary>
/// The files of one Series Instance UID in slice order, with its geometry and what is wrong with it
/// (gaps, duplicates, mixed orientation or sizes, missing positions).
/// </summary>
public sealed class DicomSeries
{
    internal DicomSeries(string uid, string description, string modality, IReadOnlyList<DicomSlice> slices,
        double? spacing, bool geometric, IReadOnlyList<string> warnings)
    {
        SeriesInstanceUid = uid; Description = description; Modality = modality; Slices = slices;
        SliceSpacing = spacing; SortedGeometrically = geometric; Warnings = warnings;
    }

    public string SeriesInstanceUid { get; }
    public string Description { get; }
    public string Modality { get; }
    /// <summary>Slices, sorted along the normal of the image orientation (or by Instance Number).</summary>
    public IReadOnlyList<DicomSlice> Slices { get; }
    /// <summary>Median distance between neighbouring slices along the normal (mm), if known.</summary>
    public double? SliceSpacing { get; }
    /// <summary>True if sorted by position; false if it fell back to Instance Number.</summary>
    public bool SortedGeometrically { get; }
    /// <summary>Problems found; empty for a clean, evenly spaced series.</summary>
    public IReadOnlyList<string> Warnings { get; }
}
