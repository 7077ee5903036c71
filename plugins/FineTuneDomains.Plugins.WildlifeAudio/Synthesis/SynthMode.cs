namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>What the generator writes.</summary>
internal enum SynthMode
{
    /// <summary>Long recordings with Raven tables, an annotation CSV and a manifest of labelled windows.</summary>
    Recordings,

    /// <summary>Short clips in one folder per species plus a background folder, for plain classification.</summary>
    Clips,
}
