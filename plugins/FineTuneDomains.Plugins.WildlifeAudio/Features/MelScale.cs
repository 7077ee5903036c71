namespace FineTuneDomains.Plugins.WildlifeAudio.Features;

/// <summary>Hz-to-mel mapping of the filterbank (both as in librosa).</summary>
internal enum MelScale
{
    /// <summary>Slaney's Auditory Toolbox scale: linear below 1 kHz, logarithmic above (librosa's default, htk=False).</summary>
    Slaney,

    /// <summary>The HTK formula 2595 log10(1 + f/700) (librosa htk=True).</summary>
    Htk,
}
