using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Imaging;

/// <summary>Width-bucketed batching: lines of similar width share a batch, so little of each batch is padding.</summary>
internal static class LineBatcher
{
    /// <summary>Groups item indices into batches of lines of similar width: sorted by width (ties by index), cut
    /// into batches of <paramref name="batchSize"/>, and, given <paramref name="random"/>, the batch order shuffled.</summary>
    public static IReadOnlyList<int[]> BucketBatches(IReadOnlyList<int> widths, int batchSize, Random? random = null)
    {
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), "Batch size must be positive.");
        }

        var order = Enumerable.Range(0, widths.Count).OrderBy(i => widths[i]).ThenBy(i => i).ToArray();
        var batches = order.Chunk(batchSize).ToArray();
        random?.Shuffle(batches);
        return batches;
    }

    /// <summary>Pads lines [1, H, Wi] (same H) to the widest and stacks them; <paramref name="labels"/> (class labels
    /// per line, may be empty arrays at inference) are concatenated for CTC.</summary>
    public static LineBatch Collate(IReadOnlyList<Tensor> lines, IReadOnlyList<int[]> labels)
    {
        if (lines.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one line.", nameof(lines));
        }

        if (labels.Count != lines.Count)
        {
            throw new ArgumentException("One label array per line is needed.", nameof(labels));
        }

        var height = lines[0].shape[1];
        var maxWidth = lines.Max(l => l.shape[2]);
        var widths = new long[lines.Count];
        var mask = new bool[lines.Count * maxWidth];
        var padded = new Tensor[lines.Count];
        using (var scope = torch.NewDisposeScope())
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].dim() != 3 || lines[i].shape[0] != 1 || lines[i].shape[1] != height)
                {
                    throw new ArgumentException($"Line {i} has shape [{string.Join(", ", lines[i].shape)}]; expected [1, {height}, W].", nameof(lines));
                }

                widths[i] = lines[i].shape[2];
                for (var x = 0; x < widths[i]; x++)
                {
                    mask[(i * maxWidth) + x] = true;
                }

                padded[i] = torch.nn.functional.pad(lines[i], new long[] { 0, maxWidth - widths[i] }, value: 0);
            }

            var images = torch.stack(padded).MoveToOuterDisposeScope();
            var allLabels = labels.SelectMany(l => l).Select(l => (long)l).ToArray();
            return new LineBatch(
                images,
                torch.tensor(widths, dtype: ScalarType.Int64).MoveToOuterDisposeScope(),
                torch.tensor(mask, new long[] { lines.Count, maxWidth }).MoveToOuterDisposeScope(),
                torch.tensor(allLabels, dtype: ScalarType.Int64).MoveToOuterDisposeScope(),
                torch.tensor(labels.Select(l => (long)l.Length).ToArray(), dtype: ScalarType.Int64).MoveToOuterDisposeScope());
        }
    }
}
