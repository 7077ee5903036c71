using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Imaging;

/// <summary>
/// Greyscale line image to network input: optional deskew and binarisation, scaling to a fixed height with the
/// aspect ratio kept, and inversion so that ink is 1 and paper (and later padding) is 0.
/// </summary>
internal static class LinePreprocessor
{
    /// <summary>The processed image at the target height (ink dark, paper white).</summary>
    public static GreyImage Prepare(GreyImage line, LinePreprocessing options)
    {
        var image = options.Deskew ? Deskewer.Deskew(line) : line;
        image = Binarizer.Apply(image, options.Binarization);
        var width = Math.Max(LinePreprocessing.MinWidth, (int)Math.Round(image.Width * (double)options.Height / image.Height));
        var scaled = image.Resize(width, options.Height);
        if (options.Binarization != Binarization.None)
        {
            // Resampling blurs the edges again; keep the promise of a two-level image.
            scaled = Binarizer.Threshold(scaled, 127);
        }

        return scaled;
    }

    /// <summary>Row-major values in [0, 1], ink = 1.</summary>
    public static float[] ToInverted(GreyImage image)
    {
        var values = new float[image.Pixels.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 1f - (image.Pixels[i] / 255f);
        }

        return values;
    }

    /// <summary>The line as a float tensor [1, Height, Width], ink = 1.</summary>
    public static Tensor ToTensor(GreyImage line, LinePreprocessing options)
    {
        var prepared = Prepare(line, options);
        return torch.tensor(ToInverted(prepared), new long[] { 1, prepared.Height, prepared.Width }, dtype: ScalarType.Float32);
    }
}
