namespace FineTuneDomains.Plugins.ArchaicOcr.Imaging;

/// <summary>
/// Estimates the skew of a single text-line image by the projection-profile method: the angle at which the ink's
/// row histogram is sharpest (largest variance) is the line's angle.
/// </summary>
internal static class Deskewer
{
    /// <summary>The skew in degrees (image coordinates, y down: a line rising to the right is negative), searched in
    /// <paramref name="step"/> increments within ±<paramref name="range"/>.</summary>
    public static double EstimateAngle(GreyImage image, double range = 5, double step = 0.25)
    {
        var threshold = Binarizer.OtsuThreshold(image);
        var ink = new List<(double X, double Y)>();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (image[x, y] <= threshold && image[x, y] < 250)
                {
                    ink.Add((x, y));
                }
            }
        }

        if (ink.Count < 10)
        {
            return 0;
        }

        double bestAngle = 0, bestScore = double.NegativeInfinity;
        var steps = (int)Math.Round(range / step);
        for (var i = -steps; i <= steps; i++)
        {
            var angle = i * step;
            var rad = angle * Math.PI / 180;
            double sin = Math.Sin(rad), cos = Math.Cos(rad);
            var bins = new Dictionary<int, int>();
            foreach (var (x, y) in ink)
            {
                // Row in the frame whose horizontal axis runs at `angle`.
                var v = (int)Math.Floor((-sin * x) + (cos * y));
                bins[v] = bins.GetValueOrDefault(v) + 1;
            }

            double score = 0;
            foreach (var c in bins.Values)
            {
                score += (double)c * c;
            }

            // Prefer the smaller angle on ties so that a straight line stays untouched.
            if (score > bestScore + 1e-9 || (Math.Abs(score - bestScore) <= 1e-9 && Math.Abs(angle) < Math.Abs(bestAngle)))
            {
                bestScore = score;
                bestAngle = angle;
            }
        }

        return bestAngle;
    }

    /// <summary>Rotates the line so that its estimated skew becomes zero.</summary>
    public static GreyImage Deskew(GreyImage image, double range = 5, double step = 0.25)
    {
        var angle = EstimateAngle(image, range, step);
        return angle == 0 ? image : image.Rotate(angle);
    }
}
