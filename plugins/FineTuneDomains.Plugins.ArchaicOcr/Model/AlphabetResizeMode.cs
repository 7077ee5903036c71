namespace FineTuneDomains.Plugins.ArchaicOcr.Model;

/// <summary>How the alphabet changes when fine-tuning from a base recogniser (Kraken's <c>--resize</c> modes).</summary>
internal enum AlphabetResizeMode
{
    /// <summary>The base alphabet stays as it is; ground truth characters outside it are an error listed before training.</summary>
    Keep,

    /// <summary>The base alphabet plus the characters of the new ground truth.</summary>
    Union,

    /// <summary>Exactly the characters of the new ground truth; base characters not in it are dropped.</summary>
    New,
}
