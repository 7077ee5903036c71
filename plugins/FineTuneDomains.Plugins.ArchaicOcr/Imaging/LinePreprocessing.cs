namespace FineTuneDomains.Plugins.ArchaicOcr.Imaging;

/// <summary>How a line image becomes a tensor.</summary>
/// <param name="Height">Fixed height in pixels; the width follows the aspect ratio.</param>
/// <param name="Binarization">Optional binarisation, done at the original resolution.</param>
/// <param name="Deskew">Whether to level a skewed line (projection profile, ±5°).</param>
internal sealed record LinePreprocessing(int Height = 32, Binarization Binarization = Binarization.None, bool Deskew = false)
{
    /// <summary>Lines narrower than this after scaling are padded (the CNN needs a few columns per output frame).</summary>
    public const int MinWidth = 8;
}
