namespace FineTuneDomains.Plugins.ArchaicOcr.Imaging;

/// <summary>
/// Cuts a text-line image out of a page along its polygon (PAGE <c>Coords</c>): pixels outside the polygon become
/// white paper, and the line is rotated so that its baseline (or, without one, the polygon's principal axis) is
/// horizontal.
/// </summary>
internal static class LineCutter
{
    /// <summary>Angles beyond this are not treated as skew (a near-square or vertical polygon has no reliable axis).</summary>
    public const double MaxDeskewDegrees = 30;

    /// <summary>Cuts the line.</summary>
    /// <param name="page">The page image.</param>
    /// <param name="polygon">The line polygon in page pixels (at least three points).</param>
    /// <param name="baseline">The PAGE baseline if present (two or more points), which defines the angle best.</param>
    /// <param name="deskew">Whether to rotate the line to horizontal.</param>
    public static GreyImage Cut(GreyImage page, IReadOnlyList<(double X, double Y)> polygon, IReadOnlyList<(double X, double Y)>? baseline, bool deskew = true)
    {
        if (polygon.Count < 3)
        {
            throw new ArgumentException("A line polygon needs at least three points.", nameof(polygon));
        }

        var angle = deskew ? LineAngle(polygon, baseline) : 0;
        var rad = angle * Math.PI / 180;
        var cos = Math.Cos(rad);
        var sin = Math.Sin(rad);

        // The polygon in the rotated frame (inverse rotation): u along the line, v across it.
        var rotated = polygon.Select(p => ((cos * p.X) + (sin * p.Y), (-sin * p.X) + (cos * p.Y))).ToList();
        var minU = Math.Floor(rotated.Min(p => p.Item1));
        var maxU = Math.Ceiling(rotated.Max(p => p.Item1));
        var minV = Math.Floor(rotated.Min(p => p.Item2));
        var maxV = Math.Ceiling(rotated.Max(p => p.Item2));
        var width = Math.Max(1, (int)(maxU - minU));
        var height = Math.Max(1, (int)(maxV - minV));
        var result = new GreyImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var u = minU + x + 0.5;
                var v = minV + y + 0.5;
                var px = (cos * u) - (sin * v);
                var py = (sin * u) + (cos * v);
                result[x, y] = Contains(polygon, px, py)
                    ? (byte)Math.Round(page.Sample(px - 0.5, py - 0.5))
                    : (byte)255;
            }
        }

        return result;
    }

    /// <summary>The line's angle in degrees in image coordinates (y down): from the baseline's end points when there
    /// is a baseline, else the principal axis of the polygon's vertices; 0 if beyond <see cref="MaxDeskewDegrees"/>.</summary>
    public static double LineAngle(IReadOnlyList<(double X, double Y)> polygon, IReadOnlyList<(double X, double Y)>? baseline)
    {
        double angle;
        if (baseline is { Count: >= 2 } && (baseline[^1].X != baseline[0].X || baseline[^1].Y != baseline[0].Y))
        {
            angle = Math.Atan2(baseline[^1].Y - baseline[0].Y, baseline[^1].X - baseline[0].X) * 180 / Math.PI;
        }
        else
        {
            var mx = polygon.Average(p => p.X);
            var my = polygon.Average(p => p.Y);
            double sxx = 0, syy = 0, sxy = 0;
            foreach (var (x, y) in polygon)
            {
                sxx += (x - mx) * (x - mx);
                syy += (y - my) * (y - my);
                sxy += (x - mx) * (y - my);
            }

            angle = 0.5 * Math.Atan2(2 * sxy, sxx - syy) * 180 / Math.PI;
        }

        // A baseline drawn right-to-left points the other way; fold into (-90, 90].
        if (angle > 90)
        {
            angle -= 180;
        }
        else if (angle <= -90)
        {
            angle += 180;
        }

        return Math.Abs(angle) > MaxDeskewDegrees ? 0 : angle;
    }

    /// <summary>Even-odd point-in-polygon test.</summary>
    public static bool Contains(IReadOnlyList<(double X, double Y)> polygon, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            var (xi, yi) = polygon[i];
            var (xj, yj) = polygon[j];
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
