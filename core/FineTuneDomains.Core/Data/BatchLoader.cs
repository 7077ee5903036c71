using System.Collections.Concurrent;
using FineTuneDomains.Core.Plugins;
using TorchSharp;

namespace FineTuneDomains.Core.Data;

/// <summary>
/// Produces the batches of one epoch on worker threads into a bounded queue, in a fixed order. The order
/// of items (shuffled per epoch when training) and every augmentation's random generator derive from the
/// seed, the epoch and the position only, so results do not depend on thread timing and an epoch can be
/// resumed at any batch. Batches are handed over detached from the workers' dispose scopes; the consumer
/// disposes each batch.
/// </summary>
public sealed class BatchLoader
{
    private readonly IDataset dataset;
    private readonly int batchSize;
    private readonly bool shuffle;
    private readonly bool dropLast;
    private readonly int seed;
    private readonly IReadOnlyList<Augmentation> augmentations;
    private readonly IReadOnlyList<int>? subset;

    /// <param name="dataset">The split to read.</param>
    /// <param name="batchSize">Items per batch.</param>
    /// <param name="shuffle">Shuffle per epoch (training).</param>
    /// <param name="seed">Run seed.</param>
    /// <param name="augmentations">Applied in order (training only; pass none for evaluation).</param>
    /// <param name="subset">Indices of the split to use (e.g. a per-class data budget); all when null.</param>
    /// <param name="dropLast">Drop a last incomplete batch (training with batch norm).</param>
    public BatchLoader(IDataset dataset, int batchSize, bool shuffle, int seed, IReadOnlyList<Augmentation>? augmentations = null,
        IReadOnlyList<int>? subset = null, bool dropLast = false)
    {
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.augmentations = augmentations ?? [];
        this.subset = subset;
        this.dropLast = dropLast;
    }

    /// <summary>Number of items the loader reads per epoch.</summary>
    public int ItemCount => subset?.Count ?? dataset.Count;

    /// <summary>Batches per epoch.</summary>
    public int BatchCount => ItemCount == 0 ? 0 : dropLast && ItemCount >= batchSize ? ItemCount / batchSize : (ItemCount + batchSize - 1) / batchSize;

    /// <summary>The item order of an epoch (a pure function of seed and epoch).</summary>
    public int[] Order(int epoch)
    {
        var order = (subset ?? Enumerable.Range(0, dataset.Count).ToList()).ToArray();
        if (shuffle)
        {
            var rng = new Random(ManifestBuilder.StableSeed(seed, $"epoch-order:{epoch}"));
            rng.Shuffle(order);
            if (dataset is ISizedDataset sized) order = BySize(order, sized, rng);
        }
        return order;
    }

    /// <summary>Pools of 50 batches from the shuffled order, each sorted by size and cut into batches; batch order shuffled.</summary>
    private int[] BySize(int[] shuffled, ISizedDataset sized, Random rng)
    {
        int pool = batchSize * 50;
        var batches = new List<int[]>();
        for (int start = 0; start < shuffled.Length; start += pool)
        {
            var part = shuffled.Skip(start).Take(pool).Select((item, k) => (item, k, size: sized.SizeOf(item)))
                .OrderBy(x => x.size).ThenBy(x => x.k).Select(x => x.item).ToArray();
            batches.AddRange(part.Chunk(batchSize));
        }
        // A short batch (the pool's remainder) stays last, so dropping an incomplete last batch still works.
        var full = batches.Where(b => b.Length == batchSize).ToArray();
        var rest = batches.Where(b => b.Length != batchSize);
        rng.Shuffle(full);
        return full.Concat(rest).SelectMany(b => b).ToArray();
    }

    /// <summary>Builds one batch synchronously (used by workers and by tests).</summary>
    public Batch MakeBatch(int epoch, int batchIndex, int[] order)
    {
        int start = batchIndex * batchSize;
        int end = Math.Min(order.Length, start + batchSize);
        var examples = new List<Example>(end - start);
        try
        {
            for (int k = start; k < end; k++)
            {
                var example = dataset.Load(order[k]);
                if (augmentations.Count > 0)
                {
                    var rng = new Random(ManifestBuilder.StableSeed(seed, $"aug:{epoch}:{k}"));
                    foreach (var a in augmentations) example = a.ApplyExample(example, rng);
                }
                examples.Add(example);
            }
            var batch = dataset.Collate(examples);
            examples.Clear();
            if (augmentations.Count > 0)
            {
                var rng = new Random(ManifestBuilder.StableSeed(seed, $"batch-aug:{epoch}:{batchIndex}"));
                foreach (var a in augmentations) batch = a.ApplyBatch(batch, rng);
            }
            return batch;
        }
        finally
        {
            foreach (var e in examples) e.Dispose();
        }
    }

    /// <summary>
    /// The batches of an epoch from <paramref name="startBatch"/> on, prepared by <paramref name="workers"/>
    /// threads at most <paramref name="prefetch"/> ahead. <paramref name="waitTicks"/> accumulates the time
    /// the consumer waited for data (Stopwatch ticks). Exceptions of workers surface in the consumer.
    /// </summary>
    public IEnumerable<Batch> Epoch(int epoch, int workers, int prefetch, int startBatch = 0, WaitCounter? waitTicks = null, CancellationToken cancel = default)
    {
        var order = Order(epoch);
        int count = BatchCount;
        if (workers <= 0)
        {
            for (int b = startBatch; b < count; b++)
            {
                cancel.ThrowIfCancellationRequested();
                long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                Batch batch;
                using (var scope = torch.NewDisposeScope())
                {
                    batch = MakeBatch(epoch, b, order).MoveToOuterDisposeScope();
                }
                waitTicks?.Add(System.Diagnostics.Stopwatch.GetTimestamp() - t0);
                yield return batch;
            }
            yield break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var ready = new ConcurrentDictionary<int, Batch>();
        var slots = new SemaphoreSlim(prefetch);
        var signal = new SemaphoreSlim(0);
        int next = startBatch - 1;
        Exception? failure = null;
        var threads = new List<Thread>();
        for (int w = 0; w < workers; w++)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        slots.Wait(stop.Token);
                        int b = Interlocked.Increment(ref next);
                        if (b >= count) { slots.Release(); return; }
                        Batch batch;
                        using (var scope = torch.NewDisposeScope())
                        {
                            batch = MakeBatch(epoch, b, order).MoveToOuterDisposeScope();
                        }
                        batch.DetachFromDisposeScope();
                        ready[b] = batch;
                        signal.Release();
                    }
                }
                catch (OperationCanceledException) { }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    signal.Release();
                }
            }) { IsBackground = true, Name = $"ftd-loader-{w}" };
            threads.Add(thread);
            thread.Start();
        }

        try
        {
            for (int b = startBatch; b < count; b++)
            {
                long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                Batch? batch;
                while (!ready.TryRemove(b, out batch))
                {
                    if (failure is not null) throw Rethrow(failure);
                    signal.Wait(100, cancel);
                    cancel.ThrowIfCancellationRequested();
                }
                waitTicks?.Add(System.Diagnostics.Stopwatch.GetTimestamp() - t0);
                slots.Release();
                yield return batch;
            }
        }
        finally
        {
            stop.Cancel();
            foreach (var t in threads) t.Join();
            foreach (var leftover in ready.Values) leftover.Dispose();
            ready.Clear();
        }
    }

    private static Exception Rethrow(Exception e) =>
        e is UserErrorException u ? u : new InvalidOperationException($"a data loader thread failed: {e.Message}", e);
}
