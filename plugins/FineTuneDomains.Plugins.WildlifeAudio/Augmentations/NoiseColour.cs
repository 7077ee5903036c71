namespace FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

/// <summary>Spectral slope of generated noise.</summary>
internal enum NoiseColour
{
    /// <summary>Flat spectrum.</summary>
    White,

    /// <summary>-3 dB per octave (1/f power): equal energy per octave, like much natural background.</summary>
    Pink,

    /// <summary>-6 dB per octave (1/f² power): rumble, wind.</summary>
    Brown,
}
