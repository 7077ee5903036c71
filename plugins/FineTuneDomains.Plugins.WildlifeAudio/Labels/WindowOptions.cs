using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>
/// How long recordings are cut into model inputs and how windows get labels.
/// </summary>
internal sealed record WindowOptions
{
    /// <summary>Window length in seconds.</summary>
    public double Length { get; init; } = 2.0;

    /// <summary>Overlap between consecutive windows as a fraction of <see cref="Length"/>, in [0, 1).</summary>
    public double Overlap { get; init; }

    /// <summary>
    /// An event labels a window when their overlap is at least this fraction of the shorter of the two
    /// (the event or the window): 1 means "wholly inside, or covering the whole window"; small values let a
    /// call clipped by the window edge still count. Any overlap greater than zero counts at 0.
    /// </summary>
    public double MinOverlapFraction { get; init; } = 0.5;

    /// <summary>Handling of the incomplete last window.</summary>
    public FinalWindow Final { get; init; } = FinalWindow.Pad;

    /// <summary>
    /// Label for windows with no event (an explicit negative class). Null: such windows have no label
    /// (all-zero target in multi-label training).
    /// </summary>
    public string? BackgroundClass { get; init; }

    /// <summary>Step between window starts in seconds.</summary>
    public double Hop => Length * (1 - Overlap);

    /// <summary>Throws a <see cref="UserErrorException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (!(Length > 0) || !double.IsFinite(Length))
        {
            throw new UserErrorException($"window length must be a positive number of seconds, got {Length}.");
        }

        if (!(Overlap >= 0 && Overlap < 1))
        {
            throw new UserErrorException($"window overlap must be a fraction in [0, 1), got {Overlap}.");
        }

        if (!(MinOverlapFraction >= 0 && MinOverlapFraction <= 1))
        {
            throw new UserErrorException($"minimum label overlap fraction must be in [0, 1], got {MinOverlapFraction}.");
        }
    }
}
