namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>Families of synthetic vocalisations.</summary>
internal enum CallType
{
    /// <summary>Notes whose pitch glides between two frequencies (up or down).</summary>
    FmSweep,

    /// <summary>A fast series of short tonal pulses at one pitch.</summary>
    Trill,

    /// <summary>A low fundamental with harmonics and slight vibrato (owl-like hoots).</summary>
    HarmonicStack,

    /// <summary>A train of broadband damped clicks.</summary>
    ClickTrain,

    /// <summary>Short exponential upsweeps in quick succession.</summary>
    Chirp,

    /// <summary>A tone with fast sinusoidal frequency modulation (warble).</summary>
    Warble,
}
