using FineTuneDomains.Core;
using FineTuneDomains.Plugins.CtDicom.Dicom;
using FineTuneDomains.Plugins.CtDicom.Imaging;

namespace FineTuneDomains.Plugins.CtDicom.Plugin;

/// <summary>Reads one frame as modality values (HU) on a fixed size × size grid, resampled in-plane.</summary>
internal static class CtSliceReader
{
    public const float Air = -1024f;

    /// <summary>The frame's modality values resampled to size × size, and the file's own windows.</summary>
    public static (float[] Values, DicomDataset Dataset) Read(string path, int frame, int size, double? spacing)
    {
        var file = DicomFile.Open(path);
        var pd = file.GetPixelData();
        if (pd.SamplesPerPixel != 1)
            throw new DataFormatException(path, $"is a colour image ({pd.PhotometricInterpretation}); CT training needs greyscale slices");
        if (frame >= pd.NumberOfFrames) throw new DataFormatException(path, $"has {pd.NumberOfFrames} frame(s); frame {frame} was asked for");
        var hu = ModalityLut.FromDataset(file.Dataset).Apply(pd.ReadFrame(frame));
        var ps = file.Dataset.GetNumbers(DicomTag.PixelSpacing);
        double rowSpacing = ps.Length == 2 ? ps[0] : 1, colSpacing = ps.Length == 2 ? ps[1] : 1;
        return (Resample(hu, pd.Rows, pd.Columns, rowSpacing, colSpacing, size, spacing), file.Dataset);
    }

    /// <summary>
    /// With a target spacing: scale to it, then centre-crop or pad with air. Without: pad to a square with air
    /// (keeping the aspect ratio of the physical pixels) and scale to size × size. Bilinear throughout.
    /// </summary>
    public static float[] Resample(float[] src, int rows, int cols, double rowSpacing, double colSpacing, int size, double? spacing)
    {
        double scaleY, scaleX; // output pixels per input pixel
        if (spacing is double target)
        {
            scaleY = rowSpacing / target;
            scaleX = colSpacing / target;
        }
        else
        {
            double h = rows * rowSpacing, w = cols * colSpacing, side = Math.Max(h, w);
            scaleY = size * rowSpacing / side;
            scaleX = size * colSpacing / side;
        }
        // Output pixel centres map back to input coordinates around the image centre.
        var dst = new float[size * size];
        double cy = (rows - 1) / 2.0, cx = (cols - 1) / 2.0, oc = (size - 1) / 2.0;
        for (int y = 0; y < size; y++)
        {
            double sy = (y - oc) / scaleY + cy;
            for (int x = 0; x < size; x++)
            {
                double sx = (x - oc) / scaleX + cx;
                dst[y * size + x] = Bilinear(src, rows, cols, sy, sx, Air);
            }
        }
        return dst;
    }

    /// <summary>Bilinear sample at (y, x) in pixel coordinates; outside the image is <paramref name="fill"/>.</summary>
    public static float Bilinear(float[] src, int rows, int cols, double y, double x, float fill)
    {
        if (y < -0.5 || x < -0.5 || y > rows - 0.5 || x > cols - 0.5) return fill;
        y = Math.Clamp(y, 0, rows - 1);
        x = Math.Clamp(x, 0, cols - 1);
        int y0 = (int)y, x0 = (int)x, y1 = Math.Min(y0 + 1, rows - 1), x1 = Math.Min(x0 + 1, cols - 1);
        float fy = (float)(y - y0), fx = (float)(x - x0);
        float a = src[y0 * cols + x0], b = src[y0 * cols + x1], c = src[y1 * cols + x0], d = src[y1 * cols + x1];
        return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }
}
