using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

/// <summary>
/// SpecAugment masking (Park et al. 2019) on batched features [B, C, mels, frames]: per example, a number of
/// time stripes and frequency stripes of random width (0..max) set to that example's mean, so masks carry no
/// energy cue.
/// </summary>
internal static class SpecAugment
{
    public static Tensor Mask(Tensor features, Random random, int timeMasks, int maxTimeWidth, int freqMasks, int maxFreqWidth)
    {
        using var scope = NewDisposeScope();
        var y = features.clone();
        long batch = y.shape[0], mels = y.shape[2], frames = y.shape[3];
        for (long b = 0; b < batch; b++)
        {
            var item = y[b];
            var fill = item.mean();
            for (int m = 0; m < timeMasks; m++)
            {
                int width = random.Next(0, Math.Min(maxTimeWidth, (int)frames) + 1);
                int start = random.Next(0, (int)frames - width + 1);
                if (width > 0)
                {
                    item[.., .., start..(start + width)] = fill;
                }
            }

            for (int m = 0; m < freqMasks; m++)
            {
                int width = random.Next(0, Math.Min(maxFreqWidth, (int)mels) + 1);
                int start = random.Next(0, (int)mels - width + 1);
                if (width > 0)
                {
                    item[.., start..(start + width), ..] = fill;
                }
            }
        }

        return y.MoveToOuterDisposeScope();
    }
}
