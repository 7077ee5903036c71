using FineTuneDomains.Core.Plugins;

namespace FineTuneDomains.Core.Data;

/// <summary>
/// One split of a manifest, decoded into tensors. <see cref="Load"/> is called from several loader threads
/// at once and must be thread-safe; it returns CPU tensors that the caller disposes.
/// </summary>
public interface IDataset : IDisposable
{
    /// <summary>Number of items in the split.</summary>
    int Count { get; }

    /// <summary>The label vocabulary (manifest classes), in the order of class indices.</summary>
    IReadOnlyList<string> Classes { get; }

    /// <summary>Channels of the collated input (1 for spectrograms, CT and text lines; more for stacked windows).</summary>
    int InputChannels { get; }

    /// <summary>The manifest item behind an index (for predictions files and errors).</summary>
    ManifestItem Item(int index);

    /// <summary>Decodes one item into CPU tensors. Throws <see cref="DataFormatException"/> for unreadable files.</summary>
    Example Load(int index);

    /// <summary>Stacks (and pads, featurises) examples into a batch. Takes ownership of the examples.</summary>
    Batch Collate(IReadOnlyList<Example> examples);
}
