namespace FineTuneDomains.Plugins.WildlifeAudio.Features;

/// <summary>
/// Per-channel energy normalisation (Wang et al. 2017; librosa.pcen): an automatic gain control that
/// suppresses stationary background (wind, rain, insect chorus) and keeps transient calls. Defaults are
/// librosa's.
/// </summary>
internal sealed record PcenOptions
{
    /// <summary>Time constant of the smoother in seconds.</summary>
    public double TimeConstant { get; init; } = 0.4;

    /// <summary>Gain exponent alpha.</summary>
    public double Gain { get; init; } = 0.98;

    /// <summary>Bias delta.</summary>
    public double Bias { get; init; } = 2.0;

    /// <summary>Compression exponent r.</summary>
    public double Power { get; init; } = 0.5;

    /// <summary>Floor added to the smoothed energy.</summary>
    public double Eps { get; init; } = 1e-6;

    /// <summary>
    /// Factor applied to the mel spectrogram first. librosa's examples scale magnitudes of [-1, 1] audio by
    /// 2^31 (the integer range) so that the bias is small against call energy; that is the default.
    /// </summary>
    public double InputScale { get; init; } = 2147483648.0;

    /// <summary>Smoothing coefficient for a frame rate of <paramref name="framesPerSecond"/> (librosa's formula).</summary>
    public double SmoothingCoefficient(double framesPerSecond)
    {
        double t = TimeConstant * framesPerSecond;
        return (Math.Sqrt(1 + 4 * t * t) - 1) / (2 * t * t);
    }
}
