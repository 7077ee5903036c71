using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using FineTuneDomains.Plugins.ArchaicOcr.Text;
using SkiaSharp;

namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>
/// Draws a text line with SkiaSharp: glyph by glyph along a gently warped baseline, rotated by a small skew, black on
/// white. Returns an "ink" image (0 ink, 255 none) that <see cref="Degrader"/> then puts on paper.
/// </summary>
internal static class LineRenderer
{
    /// <summary>Renders <paramref name="text"/> at <paramref name="size"/> pixels per em.</summary>
    /// <param name="font">The font (must be able to draw the text).</param>
    /// <param name="text">NFC text.</param>
    /// <param name="size">Font size in pixels.</param>
    /// <param name="skewDegrees">Rotation of the whole line (image coordinates).</param>
    /// <param name="warpAmplitude">Baseline displacement amplitude in pixels.</param>
    /// <param name="warpPhase">Phase of the baseline wave (radians).</param>
    /// <param name="letterSpacing">Extra advance per character in pixels.</param>
    public static GreyImage Render(SynthFont font, string text, float size, double skewDegrees, double warpAmplitude, double warpPhase, float letterSpacing)
    {
        using var skFont = new SKFont(font.Typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };
        var metrics = skFont.Metrics;
        var ascent = -metrics.Ascent;
        var descent = metrics.Descent;
        var elements = TextNormalizer.Symbols(text).ToList();
        var advances = elements.Select(e => skFont.MeasureText(e) + letterSpacing).ToList();
        var textWidth = advances.Sum();
        var margin = (int)Math.Ceiling(size * 0.4);
        var warpRoom = (int)Math.Ceiling(Math.Abs(warpAmplitude));
        var width = (int)Math.Ceiling(textWidth) + (2 * margin);
        var height = (int)Math.Ceiling(ascent + descent) + (2 * margin) + (2 * warpRoom);

        // Room for the rotation.
        var rad = Math.Abs(skewDegrees) * Math.PI / 180;
        var canvasWidth = (int)Math.Ceiling((width * Math.Cos(rad)) + (height * Math.Sin(rad)));
        var canvasHeight = (int)Math.Ceiling((width * Math.Sin(rad)) + (height * Math.Cos(rad)));
        using var bitmap = new SKBitmap(new SKImageInfo(canvasWidth, canvasHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            canvas.Translate(canvasWidth / 2f, canvasHeight / 2f);
            canvas.RotateDegrees((float)skewDegrees);
            canvas.Translate(-width / 2f, -height / 2f);
            var x = (float)margin;
            var baseline = margin + warpRoom + ascent;
            var wavelength = Math.Max(textWidth, 1) / 1.5;
            for (var i = 0; i < elements.Count; i++)
            {
                var y = baseline + (float)(warpAmplitude * Math.Sin((2 * Math.PI * x / wavelength) + warpPhase));
                canvas.DrawText(elements[i], x, y, skFont, paint);
                x += advances[i];
            }
        }

        var image = new GreyImage(canvasWidth, canvasHeight);
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = pixels[i * 4];  // black on white: R = G = B
        }

        return image;
    }
}
