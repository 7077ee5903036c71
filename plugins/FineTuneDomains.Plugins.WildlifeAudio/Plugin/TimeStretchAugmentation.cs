using FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary><c>time_stretch</c>: pitch-preserving stretch by a factor in [1 - max_change, 1 + max_change], cut or padded back to the clip length.</summary>
internal sealed class TimeStretchAugmentation(double maxChange, double probability) : WaveformAugmentation(probability)
{
    public const string Id = "time_stretch";

    public override string Name => Id;

    protected override float[] Transform(float[] samples, Random random) => WaveformTransforms.RandomStretch(samples, maxChange, random, out _);
}
