using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

/// <summary>
/// Mixup (Zhang et al. 2018) of a batch with a shuffled copy of itself: inputs and soft targets are mixed
/// with one weight λ ~ Beta(α, α). Targets are [B, classes] probabilities or multi-hot vectors.
/// </summary>
internal static class Mixup
{
    /// <summary>Returns the mixed inputs and targets, the weight λ and the partner of each item.</summary>
    public static (Tensor Input, Tensor Target, double Lambda, int[] Partner) Apply(Tensor input, Tensor target, double alpha, Random random)
    {
        using var scope = NewDisposeScope();
        int n = (int)input.shape[0];
        double lambda = random.Beta(alpha, alpha);
        var partner = Enumerable.Range(0, n).ToArray();
        random.Shuffle(partner);
        using var index = tensor(partner.Select(p => (long)p).ToArray());
        var x = lambda * input + (1 - lambda) * input.index_select(0, index);
        var t = target.to_type(ScalarType.Float32);
        var y = lambda * t + (1 - lambda) * t.index_select(0, index);
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope(), lambda, partner);
    }
}
