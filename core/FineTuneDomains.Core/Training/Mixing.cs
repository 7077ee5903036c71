using FineTuneDomains.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>
/// Mixup and CutMix for any task whose targets are per item: the input is mixed with a permutation of the
/// batch and the loss is the same mixture of the head's loss on both target sets, so it works with every
/// plugin's own loss (cross-entropy, BCE, focal…).
/// </summary>
internal sealed class Mixing
{
    private readonly double mixupAlpha;
    private readonly double cutmixAlpha;
    private readonly double probability;

    public Mixing(double mixupAlpha, double cutmixAlpha, double probability)
    {
        this.mixupAlpha = mixupAlpha;
        this.cutmixAlpha = cutmixAlpha;
        this.probability = probability;
    }

    public bool Enabled => mixupAlpha > 0 || cutmixAlpha > 0;

    /// <summary>Mixes a batch; returns null when this batch stays unmixed.</summary>
    public (Tensor Input, Batch Permuted, double Lambda)? Mix(Batch batch, Random rng)
    {
        if (!Enabled || batch.Count < 2 || rng.NextDouble() >= probability) return null;
        if (batch.Extras.Count > 0)
            throw new UserErrorException("regularization.mixup/cutmix apply to tasks with one target per item; this task's batches carry sequence data (set them to 0)");
        bool cut = cutmixAlpha > 0 && (mixupAlpha <= 0 || rng.NextDouble() < 0.5);
        double lambda = Beta(rng, cut ? cutmixAlpha : mixupAlpha);
        var perm = Enumerable.Range(0, batch.Count).ToArray();
        rng.Shuffle(perm);
        using var index = torch.tensor(perm.Select(p => (long)p).ToArray(), device: batch.Input.device);
        var permuted = new Batch(batch.Input.index_select(0, index), batch.Target.index_select(0, index), perm.Select(p => batch.Indices[p]).ToList());
        Tensor mixed;
        if (!cut)
        {
            mixed = batch.Input.mul(lambda).add_(permuted.Input.mul(1 - lambda));
        }
        else
        {
            long h = batch.Input.shape[^2], w = batch.Input.shape[^1];
            double r = Math.Sqrt(1 - lambda);
            long ch = (long)(h * r), cw = (long)(w * r);
            long cy = rng.NextInt64(h), cx = rng.NextInt64(w);
            long y0 = Math.Clamp(cy - ch / 2, 0, h), y1 = Math.Clamp(cy + ch / 2, 0, h);
            long x0 = Math.Clamp(cx - cw / 2, 0, w), x1 = Math.Clamp(cx + cw / 2, 0, w);
            mixed = batch.Input.clone();
            if (y1 > y0 && x1 > x0)
            {
                using var patch = permuted.Input[TensorIndex.Ellipsis, TensorIndex.Slice(y0, y1), TensorIndex.Slice(x0, x1)];
                mixed[TensorIndex.Ellipsis, TensorIndex.Slice(y0, y1), TensorIndex.Slice(x0, x1)] = patch;
            }
            lambda = 1 - (double)((y1 - y0) * (x1 - x0)) / (h * w);
        }
        return (mixed, permuted, lambda);
    }

    /// <summary>A Beta(a, a) sample from two Gamma samples (Marsaglia and Tsang).</summary>
    internal static double Beta(Random rng, double a)
    {
        double x = Gamma(rng, a), y = Gamma(rng, a);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    private static double Gamma(Random rng, double a)
    {
        if (a < 1) return Gamma(rng, a + 1) * Math.Pow(rng.NextDouble(), 1 / a);
        double d = a - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
                x = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }
}
