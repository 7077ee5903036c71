using FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary><c>time_shift</c>: circular shift by up to <c>max_fraction</c> of the clip either way.</summary>
internal sealed class TimeShiftAugmentation(double maxFraction, double probability) : WaveformAugmentation(probability)
{
    public const string Id = "time_shift";

    public override string Name => Id;

    protected override float[] Transform(float[] samples, Random random) => WaveformTransforms.TimeShift(samples, maxFraction, random);
}
