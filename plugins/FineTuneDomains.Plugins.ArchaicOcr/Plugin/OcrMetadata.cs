namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>Keys of the head metadata stored with checkpoints (the core prefixes a base model's keys with "base.").</summary>
internal static class OcrMetadata
{
    /// <summary>The alphabet as JSON (symbols and normalisation): the model's output classes.</summary>
    public const string Alphabet = "alphabet";

    /// <summary>The normalisation name (NFC, NFD, none), also inside the alphabet, for run records at a glance.</summary>
    public const string Normalization = "normalization";

    /// <summary>What an alphabet change from a base model did (kept, added with their source rows, dropped).</summary>
    public const string AlphabetChange = "alphabet_change";

    /// <summary>The line height the model was trained at.</summary>
    public const string Height = "height";

    /// <summary>Prefix the core gives a base checkpoint's metadata.</summary>
    public const string BasePrefix = "base.";

    /// <summary>The base checkpoint's path (set by the core when fine-tuning from one of our checkpoints).</summary>
    public const string BaseCheckpoint = "base.checkpoint";
}
