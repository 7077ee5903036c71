using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary><c>mixup</c>: with probability p, mixes the batch's spectrograms and class vectors with a shuffled copy.</summary>
internal sealed class MixupAugmentation(double alpha, double probability) : Augmentation
{
    public const string Id = "mixup";

    public override string Name => Id;

    public override Batch ApplyBatch(Batch batch, Random random)
    {
        if (batch.Count < 2 || random.NextDouble() >= probability)
        {
            return batch;
        }

        var (input, target, _, _) = Mixup.Apply(batch.Input, batch.Target, alpha, random);
        batch.Input.Dispose();
        batch.Target.Dispose();
        batch.Input = input;
        batch.Target = target;
        return batch;
    }
}
