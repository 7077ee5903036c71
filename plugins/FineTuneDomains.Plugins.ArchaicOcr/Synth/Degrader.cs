using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>
/// Turns a clean rendering into a plausible scan of an old print: ink bleed or erosion, uneven paper, ink colour,
/// blur, sensor noise and JPEG artefacts, in that physical order. Deterministic for a given random source.
/// </summary>
internal static class Degrader
{
    /// <summary>Applies <paramref name="settings"/>; <paramref name="random"/> supplies the noise and stains.</summary>
    public static GreyImage Apply(GreyImage clean, Degradation settings, Random random)
    {
        int w = clean.Width, h = clean.Height;
        var ink = new double[w * h];
        for (var i = 0; i < ink.Length; i++)
        {
            ink[i] = 1 - (clean.Pixels[i] / 255.0);
        }

        // Bleed: ink spreads into its neighbourhood; erosion: thin strokes lose ink, with random pitting.
        if (settings.Bleed > 0)
        {
            var spread = BoxBlur(ink, w, h, 1);
            for (var i = 0; i < ink.Length; i++)
            {
                ink[i] = Math.Max(ink[i], Math.Min(1, spread[i] * (1 + (2 * settings.Bleed))));
            }
        }
        else if (settings.Bleed < 0)
        {
            var amount = -settings.Bleed;
            var spread = BoxBlur(ink, w, h, 1);
            for (var i = 0; i < ink.Length; i++)
            {
                var pit = random.NextDouble() < 0.15 * amount ? 1 - amount : 1;
                ink[i] = Math.Min(ink[i], spread[i] * (1 + (1 - amount))) * pit;
            }
        }

        // Uneven paper: a few broad blobs (stains, light fall-off) plus a gradient.
        var paper = new double[w * h];
        var blobs = Enumerable.Range(0, 3).Select(_ => (X: random.NextDouble() * w, Y: random.NextDouble() * h, R: (0.2 + random.NextDouble()) * Math.Max(w, h) / 3, S: (random.NextDouble() * 2) - 1)).ToList();
        var gx = (random.NextDouble() * 2) - 1;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = gx * (x / (double)w - 0.5);
                foreach (var b in blobs)
                {
                    var d2 = (((x - b.X) * (x - b.X)) + ((y - b.Y) * (y - b.Y))) / (b.R * b.R);
                    v += b.S * Math.Exp(-d2);
                }

                paper[(y * w) + x] = settings.Paper - (settings.PaperVariation * Math.Abs(v));
            }
        }

        var grey = new double[w * h];
        for (var i = 0; i < grey.Length; i++)
        {
            grey[i] = (paper[i] * (1 - ink[i])) + (settings.Ink * ink[i]);
        }

        if (settings.Blur > 0.05)
        {
            grey = GaussianBlur(grey, w, h, settings.Blur);
        }

        var result = new GreyImage(w, h);
        for (var i = 0; i < grey.Length; i++)
        {
            var noise = settings.Noise > 0 ? Gaussian(random) * settings.Noise : 0;
            result.Pixels[i] = (byte)Math.Clamp(Math.Round(grey[i] + noise), 0, 255);
        }

        return settings.JpegQuality > 0 ? JpegRoundTrip(result, settings.JpegQuality) : result;
    }

    /// <summary>Encodes as JPEG at the given quality and decodes again.</summary>
    public static GreyImage JpegRoundTrip(GreyImage image, int quality)
    {
        using var stream = new MemoryStream();
        using (var img = image.ToImage())
        {
            img.SaveAsJpeg(stream, new JpegEncoder { Quality = quality });
        }

        stream.Position = 0;
        using var decoded = Image.Load<L8>(stream);
        return GreyImage.FromImage(decoded);
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double[] BoxBlur(double[] values, int w, int h, int radius)
    {
        var result = new double[values.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                double sum = 0;
                var n = 0;
                for (var dy = -radius; dy <= radius; dy++)
                {
                    for (var dx = -radius; dx <= radius; dx++)
                    {
                        int xx = x + dx, yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h)
                        {
                            sum += values[(yy * w) + xx];
                            n++;
                        }
                    }
                }

                result[(y * w) + x] = sum / n;
            }
        }

        return result;
    }

    private static double[] GaussianBlur(double[] values, int w, int h, double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(sigma * 3));
        var kernel = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-(i * i) / (2 * sigma * sigma))).ToArray();
        var total = kernel.Sum();
        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= total;
        }

        var temp = new double[values.Length];
        var result = new double[values.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                double s = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    s += kernel[k + radius] * values[(y * w) + Math.Clamp(x + k, 0, w - 1)];
                }

                temp[(y * w) + x] = s;
            }
        }

        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                double s = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    s += kernel[k + radius] * temp[(Math.Clamp(y + k, 0, h - 1) * w) + x];
                }

                result[(y * w) + x] = s;
            }
        }

        return result;
    }
}
