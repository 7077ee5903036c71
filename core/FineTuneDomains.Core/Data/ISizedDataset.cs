namespace FineTuneDomains.Core.Data;

/// <summary>
/// Optional for datasets whose items differ in size (text lines of different widths, recordings of
/// different lengths): the training loader batches items of similar size together, so batches carry less
/// padding. The epoch's shuffled order is cut into pools of 50 batches, each pool is sorted by size, cut
/// into batches, and the batch order is shuffled; all of it deterministic from the seed and the epoch.
/// Added in contract 1.1.
/// </summary>
public interface ISizedDataset : IDataset
{
    /// <summary>A size hint for an item (e.g. its width after preprocessing, or its transcription's length). Cheap: no decoding.</summary>
    double SizeOf(int index);
}
