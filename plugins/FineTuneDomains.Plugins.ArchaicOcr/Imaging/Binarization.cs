namespace FineTuneDomains.Plugins.ArchaicOcr.Imaging;

/// <summary>Optional binarisation of line images before they become tensors.</summary>
internal enum Binarization
{
    /// <summary>Keep grey levels.</summary>
    None,

    /// <summary>One global threshold chosen by Otsu's method (clean prints).</summary>
    Otsu,

    /// <summary>Sauvola's local threshold (stained or unevenly lit paper).</summary>
    Sauvola,
}
