namespace FineTuneDomains.Plugins.ArchaicOcr.Imaging;

/// <summary>Otsu and Sauvola binarisation of grey images (ink 0, paper 255).</summary>
internal static class Binarizer
{
    /// <summary>Applies the chosen method; <see cref="Binarization.None"/> returns the image unchanged.</summary>
    public static GreyImage Apply(GreyImage image, Binarization method) => method switch
    {
        Binarization.Otsu => Threshold(image, OtsuThreshold(image)),
        Binarization.Sauvola => Sauvola(image),
        _ => image,
    };

    /// <summary>Otsu's threshold: the grey level maximising the between-class variance. Pixels at or below it are ink.</summary>
    public static int OtsuThreshold(GreyImage image)
    {
        var histogram = new long[256];
        foreach (var p in image.Pixels)
        {
            histogram[p]++;
        }

        double total = image.Pixels.Length;
        double sumAll = 0;
        for (var i = 0; i < 256; i++)
        {
            sumAll += i * (double)histogram[i];
        }

        double weightBelow = 0, sumBelow = 0, best = -1;
        var threshold = 127;
        for (var t = 0; t < 256; t++)
        {
            weightBelow += histogram[t];
            if (weightBelow == 0)
            {
                continue;
            }

            var weightAbove = total - weightBelow;
            if (weightAbove == 0)
            {
                break;
            }

            sumBelow += t * (double)histogram[t];
            var meanBelow = sumBelow / weightBelow;
            var meanAbove = (sumAll - sumBelow) / weightAbove;
            var between = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best)
            {
                best = between;
                threshold = t;
            }
        }

        return threshold;
    }

    /// <summary>Pixels at or below <paramref name="threshold"/> become 0, the others 255.</summary>
    public static GreyImage Threshold(GreyImage image, int threshold)
    {
        var result = new GreyImage(image.Width, image.Height);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            result.Pixels[i] = image.Pixels[i] <= threshold ? (byte)0 : (byte)255;
        }

        return result;
    }

    /// <summary>Sauvola: threshold t = m * (1 + k * (s / R - 1)) over a square window, with integral images.</summary>
    /// <param name="image">The grey image.</param>
    /// <param name="window">Window side in pixels (odd); 0 picks about half the image height, at least 15.</param>
    /// <param name="k">Sensitivity (0.2 to 0.5 in the literature).</param>
    /// <param name="r">Dynamic range of the standard deviation (128 for 8-bit images).</param>
    public static GreyImage Sauvola(GreyImage image, int window = 0, double k = 0.2, double r = 128)
    {
        if (window <= 0)
        {
            window = Math.Max(15, (image.Height / 2) | 1);
        }

        int w = image.Width, h = image.Height;
        var sum = new double[(w + 1) * (h + 1)];
        var squares = new double[(w + 1) * (h + 1)];
        for (var y = 0; y < h; y++)
        {
            double rowSum = 0, rowSquares = 0;
            for (var x = 0; x < w; x++)
            {
                double p = image[x, y];
                rowSum += p;
                rowSquares += p * p;
                sum[((y + 1) * (w + 1)) + x + 1] = sum[(y * (w + 1)) + x + 1] + rowSum;
                squares[((y + 1) * (w + 1)) + x + 1] = squares[(y * (w + 1)) + x + 1] + rowSquares;
            }
        }

        var half = window / 2;
        var result = new GreyImage(w, h);
        for (var y = 0; y < h; y++)
        {
            var y0 = Math.Max(0, y - half);
            var y1 = Math.Min(h, y + half + 1);
            for (var x = 0; x < w; x++)
            {
                var x0 = Math.Max(0, x - half);
                var x1 = Math.Min(w, x + half + 1);
                double n = (x1 - x0) * (y1 - y0);
                var s = sum[(y1 * (w + 1)) + x1] - sum[(y0 * (w + 1)) + x1] - sum[(y1 * (w + 1)) + x0] + sum[(y0 * (w + 1)) + x0];
                var q = squares[(y1 * (w + 1)) + x1] - squares[(y0 * (w + 1)) + x1] - squares[(y1 * (w + 1)) + x0] + squares[(y0 * (w + 1)) + x0];
                var mean = s / n;
                var std = Math.Sqrt(Math.Max(0, (q / n) - (mean * mean)));
                var t = mean * (1 + (k * ((std / r) - 1)));
                result[x, y] = image[x, y] <= t ? (byte)0 : (byte)255;
            }
        }

        return result;
    }
}
