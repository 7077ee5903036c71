using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>
/// Base of per-clip waveform augmentations: applied with probability <c>p</c> to the [samples] input of an
/// example, before the batch is featurised.
/// </summary>
internal abstract class WaveformAugmentation : Augmentation
{
    protected WaveformAugmentation(double probability) => Probability = probability;

    public double Probability { get; }

    public sealed override Example ApplyExample(Example example, Random random)
    {
        if (random.NextDouble() >= Probability)
        {
            return example;
        }

        float[] samples;
        using (NewDisposeScope())
        {
            samples = example.Input.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        }

        var result = Transform(samples, random);
        var old = example.Input;
        example.Input = tensor(result);
        old.Dispose();
        return example;
    }

    /// <summary>The transform on raw samples; returns an array of the same length.</summary>
    protected abstract float[] Transform(float[] samples, Random random);
}
