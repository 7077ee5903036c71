using FineTuneDomains.Plugins.CtDicom.Dicom;
using FineTuneDomains.Plugins.CtDicom.Imaging;

namespace FineTuneDomains.Plugins.CtDicom.Export;

/// <summary>
/// Exports a DICOM file's pixels: one .npy (stored integers, or float32 modality values such as HU) and
/// optionally a PNG preview of the first frame through a window.
/// </summary>
public static class DicomExporter
{
    /// <summary>What was written for one file.</summary>
    public sealed record Result(string NpyPath, string? PngPath, int[] Shape, string Dtype);

    /// <summary>Exports to <c>outDir/&lt;file name without extension&gt;.npy</c> (and .png).</summary>
    public static Result Export(string dicomPath, string outDir, bool stored, DicomWindow? pngWindow)
    {
        var stem = Path.GetFileNameWithoutExtension(dicomPath);
        if (stem.Length == 0) stem = Path.GetFileName(dicomPath);
        return ExportTo(dicomPath, Path.Combine(outDir, stem), stored, pngWindow);
    }

    /// <summary>Exports to <c>outStem.npy</c> (and <c>outStem.png</c>), creating folders as needed.</summary>
    public static Result ExportTo(string dicomPath, string outStem, bool stored, DicomWindow? pngWindow)
    {
        var file = DicomFile.Open(dicomPath);
        var pd = file.GetPixelData();
        var pixels = pd.ReadAllFrames();
        var npy = outStem + ".npy";
        var shape = NpyWriter.ShapeOf(pixels);
        string dtype;
        float[]? modality = null;
        var lut = ModalityLut.FromDataset(file.Dataset);
        if (stored)
        {
            NpyWriter.WriteStored(npy, pixels);
            dtype = NpyWriter.Descr(pixels.DataType);
        }
        else
        {
            modality = pd.SamplesPerPixel == 1 ? lut.Apply(pixels) : pixels.ToFloatArray();
            NpyWriter.WriteFloat32(npy, modality, shape);
            dtype = "<f4";
        }
        string? png = null;
        if (pngWindow is DicomWindow w)
        {
            png = outStem + ".png";
            int frame = pixels.Rows * pixels.Columns * pixels.Samples;
            if (pd.SamplesPerPixel == 1)
            {
                modality ??= lut.Apply(pixels);
                var img = new float[frame];
                w.Apply(modality.AsSpan(0, frame), img, invert: pd.PhotometricInterpretation == "MONOCHROME1");
                PngWriter.Write(png, img, pixels.Columns, pixels.Rows, 1);
            }
            else if (pixels.Samples == 3)
            {
                // Colour: scale the stored range to 0..1 (windows are for grey modality values).
                var f = pixels.ToFloatArray(1.0 / ((1L << pd.BitsStored) - 1));
                PngWriter.Write(png, f.AsSpan(0, frame), pixels.Columns, pixels.Rows, 3);
            }
            else png = null; // no preview for 4-sample images (ARGB, CMYK)
        }
        return new Result(npy, png, shape, dtype);
    }
}
