using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary><c>spec_augment</c>: time and frequency masking of the batched spectrograms.</summary>
internal sealed class SpecAugmentAugmentation(int timeMasks, int timeWidth, int freqMasks, int freqWidth) : Augmentation
{
    public const string Id = "spec_augment";

    public override string Name => Id;

    public override Batch ApplyBatch(Batch batch, Random random)
    {
        var old = batch.Input;
        batch.Input = SpecAugment.Mask(old, random, timeMasks, timeWidth, freqMasks, freqWidth);
        old.Dispose();
        return batch;
    }
}
