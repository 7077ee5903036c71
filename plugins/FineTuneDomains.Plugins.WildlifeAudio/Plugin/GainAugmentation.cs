using FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary><c>gain</c>: random gain drawn uniformly in dB.</summary>
internal sealed class GainAugmentation(double minDb, double maxDb, double probability) : WaveformAugmentation(probability)
{
    public const string Id = "gain";

    public override string Name => Id;

    protected override float[] Transform(float[] samples, Random random) => WaveformTransforms.RandomGain(samples, minDb, maxDb, random, out _);
}
