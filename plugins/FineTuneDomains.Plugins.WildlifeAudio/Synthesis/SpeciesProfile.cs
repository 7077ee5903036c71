namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>
/// A synthetic species: its call type and the ranges its calls' parameters are drawn from. Ranges of
/// different species overlap in places, so telling them apart takes more than one frequency band.
/// </summary>
/// <param name="Name">Label used in tables and manifests.</param>
/// <param name="Type">Call family.</param>
/// <param name="StartFrequency">Hz at the start of a note (fundamental for harmonic stacks).</param>
/// <param name="EndFrequency">Hz at the end of a note.</param>
/// <param name="NoteDuration">Seconds per note (pulse length for trills and clicks).</param>
/// <param name="NoteCount">Notes per call.</param>
/// <param name="NoteRate">Notes per second within a call.</param>
internal sealed record SpeciesProfile(
    string Name,
    CallType Type,
    ParameterRange StartFrequency,
    ParameterRange EndFrequency,
    ParameterRange NoteDuration,
    ParameterRange NoteCount,
    ParameterRange NoteRate)
{
    /// <summary>The six species of the synthetic forest (fictional four-letter codes, like bird banding codes).</summary>
    public static IReadOnlyList<SpeciesProfile> Forest { get; } =
    [
        new("SWEE", CallType.FmSweep, new(5200, 6400), new(2600, 3400), new(0.12, 0.25), new(2, 4), new(3, 5)),
        new("TRIL", CallType.Trill, new(3200, 4200), new(3200, 4200), new(0.02, 0.035), new(12, 24), new(15, 22)),
        new("HOOT", CallType.HarmonicStack, new(380, 620), new(360, 600), new(0.3, 0.6), new(1, 3), new(1.2, 2)),
        new("CLIK", CallType.ClickTrain, new(4500, 7000), new(4500, 7000), new(0.002, 0.004), new(6, 14), new(8, 15)),
        new("CHRP", CallType.Chirp, new(1800, 2600), new(4200, 5400), new(0.05, 0.1), new(3, 6), new(5, 8)),
        new("WARB", CallType.Warble, new(2200, 3000), new(2200, 3000), new(0.5, 1.0), new(1, 1), new(1, 1)),
    ];
}
