using FineTuneDomains.Plugins.ArchaicOcr.Imaging;

namespace FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;

/// <summary>
/// One transcribed text line: either a line image with its tesstrain <c>.gt.txt</c>, or a line of a PAGE XML page
/// (then <see cref="Polygon"/> is set and the image is cut from the page image).
/// </summary>
/// <param name="Source">Where it came from, for messages: "file.gt.txt" or "page.xml line 42 (TextLine l3)".</param>
/// <param name="ImagePath">The line image, or the page image for PAGE lines.</param>
/// <param name="Text">The transcription as written in the file (not normalised; the model's alphabet normalises).</param>
/// <param name="Polygon">PAGE line polygon in page pixels, or null for line images.</param>
/// <param name="Baseline">PAGE baseline if given.</param>
/// <param name="PageFile">The PAGE XML file for PAGE lines.</param>
/// <param name="LineId">The PAGE TextLine id for PAGE lines.</param>
internal sealed record GroundTruthLine(
    string Source,
    string ImagePath,
    string Text,
    IReadOnlyList<(double X, double Y)>? Polygon = null,
    IReadOnlyList<(double X, double Y)>? Baseline = null,
    string? PageFile = null,
    string? LineId = null)
{
    /// <summary>Loads the line image in grey: the file itself, or the masked and deskewed cut from the page.</summary>
    public GreyImage LoadImage(bool deskew = true)
    {
        var image = GreyImage.Load(ImagePath);
        return Polygon is null ? image : LineCutter.Cut(image, Polygon, Baseline, deskew);
    }
}
