using FineTuneDomains.Core.Data;

namespace FineTuneDomains.Core.Plugins;

/// <summary>
/// A training-only transform. <see cref="ApplyExample"/> runs per item before collation (on raw decoded
/// input); <see cref="ApplyBatch"/> runs after collation (e.g. on features, or mixing items). The random
/// generator is seeded by the core from the run seed, epoch and position, so runs are reproducible.
/// Implementations must be thread-safe (they run on loader threads) and may replace tensors they own.
/// </summary>
public abstract class Augmentation
{
    /// <summary>The name used in experiment files.</summary>
    public abstract string Name { get; }

    /// <summary>Transforms one example; the default leaves it unchanged.</summary>
    public virtual Example ApplyExample(Example example, Random random) => example;

    /// <summary>Transforms a collated batch; the default leaves it unchanged.</summary>
    public virtual Batch ApplyBatch(Batch batch, Random random) => batch;
}
