namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>Scripts the synthesiser renders (command-line names: latin, blackletter, greek-polytonic, medieval-latin).</summary>
internal enum SynthScript
{
    /// <summary>Modern roman type, Latin text.</summary>
    Latin,

    /// <summary>German blackletter (Fraktur style) with long s.</summary>
    Blackletter,

    /// <summary>Polytonic Greek (precomposed, NFC).</summary>
    GreekPolytonic,

    /// <summary>Gothic/proto-roman incunabula type with long s and scribal abbreviations.</summary>
    MedievalLatin,
}
