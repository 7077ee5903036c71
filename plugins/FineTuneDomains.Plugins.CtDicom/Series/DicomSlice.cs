namespace FineTuneDomains.Plugins.CtDicom.Series;

/// <summary>One file of a series with the facts used to order it.</summary>
/// <param name="Path">The file.</param>
/// <param name="InstanceNumber">Instance Number (0020,0013), if present.</param>
/// <param name="Position">Image Position (Patient) (0020,0032), if present.</param>
/// <param name="Orientation">Image Orientation (Patient) (0020,0037), if present.</param>
/// <param name="Rows">Rows.</param>
/// <param name="Columns">Columns.</param>
/// <param name="Frames">Number of frames.</param>
/// <param name="Location">Position projected on the slice normal (mm), once the series is sorted geometrically.</param>
public sealed record DicomSlice(string Path, int? InstanceNumber, double[]? Position, double[]? Orientation,
    int Rows, int Columns, int Frames, double? Location = null);
