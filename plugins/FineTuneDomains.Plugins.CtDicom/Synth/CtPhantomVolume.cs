namespace FineTuneDomains.Plugins.CtDicom.Synth;

/// <summary>One synthetic subject: HU slices (rows × columns, row-major) and where the lesion is.</summary>
/// <param name="Slices">HU values per slice.</param>
/// <param name="Size">Rows and columns.</param>
/// <param name="PixelSpacing">mm per pixel.</param>
/// <param name="SliceZ">z (mm, patient coordinates) of each slice.</param>
/// <param name="LesionInSlice">Whether the lesion crosses each slice.</param>
/// <param name="Lesion">The lesion (centre x, y, z in mm, radius mm, organ, HU), or null.</param>
public sealed record CtPhantomVolume(float[][] Slices, int Size, double PixelSpacing, double[] SliceZ, bool[] LesionInSlice,
    CtLesion? Lesion);

/// <summary>A spherical lesion of the phantom.</summary>
public sealed record CtLesion(double X, double Y, double Z, double Radius, string Organ, double HU);
