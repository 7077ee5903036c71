namespace FineTuneDomains.Plugins.ArchaicOcr.Text;

/// <summary>
/// The Unicode normalisation a recogniser is trained and evaluated under. Recorded with its alphabet, applied to
/// ground truth and predictions alike, so that e.g. Greek oxia (U+1F71) and tonos (U+03AC), which NFC unifies,
/// never count as different characters in one place and the same in another.
/// </summary>
internal enum TextNormalization
{
    /// <summary>Canonical composition (NFC): U+1F71 becomes U+03AC; long s (U+017F) stays.</summary>
    Nfc,

    /// <summary>Canonical decomposition (NFD): accents become separate combining marks.</summary>
    Nfd,

    /// <summary>Text is used exactly as transcribed.</summary>
    None,
}
