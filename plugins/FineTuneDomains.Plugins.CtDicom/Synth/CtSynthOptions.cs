namespace FineTuneDomains.Plugins.CtDicom.Synth;

/// <summary>Settings of the synthetic CT data set; the same settings and seed give the same files.</summary>
public sealed record CtSynthOptions
{
    public int Seed { get; init; } = 1;
    /// <summary>Number of phantom subjects (one series each).</summary>
    public int Series { get; init; } = 8;
    public int SlicesPerSeries { get; init; } = 24;
    /// <summary>Rows and columns of each slice.</summary>
    public int Size { get; init; } = 128;
    /// <summary>Field of view (mm) across the slice; pixel spacing is this over <see cref="Size"/>.</summary>
    public double FieldOfView { get; init; } = 360;
    public double SliceThickness { get; init; } = 2.5;
    /// <summary>Fraction of series that get a lesion (at least one with and one without when there are two or more).</summary>
    public double LesionFraction { get; init; } = 0.5;
    /// <summary>Standard deviation of the image noise (HU).</summary>
    public double NoiseHU { get; init; } = 12;

    internal void Validate()
    {
        if (Series < 1 || Series > 10000) throw new FineTuneDomains.Core.UserErrorException($"series must be 1..10000, got {Series}");
        if (SlicesPerSeries < 1 || SlicesPerSeries > 2000) throw new FineTuneDomains.Core.UserErrorException($"slices must be 1..2000, got {SlicesPerSeries}");
        if (Size < 16 || Size > 1024) throw new FineTuneDomains.Core.UserErrorException($"size must be 16..1024, got {Size}");
        if (!(SliceThickness > 0)) throw new FineTuneDomains.Core.UserErrorException("slice thickness must be positive");
        if (LesionFraction is < 0 or > 1) throw new FineTuneDomains.Core.UserErrorException("lesion fraction must be 0..1");
        if (NoiseHU is < 0 or > 500) throw new FineTuneDomains.Core.UserErrorException("noise must be 0..500 HU");
    }
}
