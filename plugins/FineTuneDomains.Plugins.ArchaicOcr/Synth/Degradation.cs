namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>The degradations applied to one synthetic line (all drawn from the line's seeded random source).</summary>
/// <param name="Paper">Mean paper grey level.</param>
/// <param name="PaperVariation">Amplitude of low-frequency paper unevenness (stains, uneven light).</param>
/// <param name="Ink">Ink grey level.</param>
/// <param name="Bleed">Ink bleed (&gt; 0, spreading) or erosion (&lt; 0, broken strokes), in [-1, 1].</param>
/// <param name="Blur">Gaussian blur sigma in pixels (0 = none).</param>
/// <param name="Noise">Gaussian noise sigma in grey levels.</param>
/// <param name="JpegQuality">JPEG re-encoding quality (0 = none).</param>
internal sealed record Degradation(double Paper, double PaperVariation, double Ink, double Bleed, double Blur, double Noise, int JpegQuality)
{
    /// <summary>Draws realistic settings; <paramref name="strength"/> scales every effect (0 = clean print).</summary>
    public static Degradation Draw(Random random, double strength) => new(
        Paper: 255 - (random.NextDouble() * 45 * strength),
        PaperVariation: random.NextDouble() * 30 * strength,
        Ink: 10 + (random.NextDouble() * 60 * strength),
        Bleed: ((random.NextDouble() * 2) - 1) * 0.8 * strength,
        Blur: random.NextDouble() < 0.7 ? random.NextDouble() * 1.2 * strength : 0,
        Noise: random.NextDouble() * 12 * strength,
        JpegQuality: random.NextDouble() < 0.5 * strength ? 25 + random.Next(50) : 0);
}
