using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Imaging;

/// <summary>
/// The linear modality LUT: stored value × Rescale Slope + Rescale Intercept (Hounsfield units for CT).
/// Reads the top-level attributes, else the shared functional groups of enhanced multi-frame objects.
/// </summary>
public readonly record struct ModalityLut(double Slope, double Intercept, string Units)
{
    public static readonly ModalityLut Identity = new(1, 0, "");

    public static ModalityLut FromDataset(DicomDataset ds)
    {
        var slope = ds.GetNumber(DicomTag.RescaleSlope);
        var intercept = ds.GetNumber(DicomTag.RescaleIntercept);
        var type = ds.GetString(DicomTag.RescaleType);
        if (slope is null && intercept is null)
        {
            foreach (var shared in ds.GetSequence(new DicomTag(0x5200, 0x9229)))
                foreach (var pvt in shared.GetSequence(new DicomTag(0x0028, 0x9145)))
                {
                    slope = pvt.GetNumber(DicomTag.RescaleSlope);
                    intercept = pvt.GetNumber(DicomTag.RescaleIntercept);
                    type = pvt.GetString(DicomTag.RescaleType);
                }
        }
        if (slope is null && intercept is null) return Identity;
        double s = slope ?? 1;
        if (s == 0) s = 1; // a zero slope is an encoder mistake; DCMTK also falls back to 1
        var units = type ?? (ds.GetString(DicomTag.Modality) == "CT" ? "HU" : "");
        return new ModalityLut(s, intercept ?? 0, units);
    }

    /// <summary>Modality values of decoded pixels as float32.</summary>
    public float[] Apply(PixelArray pixels) => pixels.ToFloatArray(Slope, Intercept);
}
