namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>Preset sizes of the synthetic set.</summary>
internal enum SynthSize
{
    /// <summary>40 recordings of 10-20 s (about 300 two-second windows) or 30 clips per class: seconds to make.</summary>
    Quick,

    /// <summary>150 recordings of 10-30 s or 100 clips per class.</summary>
    Standard,

    /// <summary>600 recordings of 10-30 s or 400 clips per class.</summary>
    Large,
}
