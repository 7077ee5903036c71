using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>
/// Penalties that keep what a pretrained model knew: L2-SP (toward the starting weights) and EWC (toward
/// them, weighted by a diagonal Fisher estimated on the retain set). Both cover the backbone, whose
/// weights carry the old knowledge; the new head is free.
/// </summary>
internal sealed class Penalties : IDisposable
{
    private readonly Dictionary<string, (Parameter Param, Tensor Anchor, Tensor? Fisher)> terms = [];
    private readonly double l2sp;
    private readonly double ewc;

    public Penalties(double l2sp, double ewc)
    {
        this.l2sp = l2sp;
        this.ewc = ewc;
    }

    public bool Enabled => (l2sp > 0 || ewc > 0) && terms.Count > 0;

    /// <summary>Snapshots the backbone's current weights as the anchor (call before fine-tuning).</summary>
    public void Anchor(FineTuneModel model, IReadOnlyDictionary<string, Tensor>? fisher)
    {
        if (l2sp <= 0 && ewc <= 0) return;
        using var scope = torch.NewDisposeScope();
        foreach (var (name, p) in model.named_parameters())
        {
            if (!name.StartsWith("backbone.", StringComparison.Ordinal)) continue;
            Tensor? f = null;
            if (fisher is not null && fisher.TryGetValue(name, out var fv)) f = fv.detach().clone().MoveToOuterDisposeScope();
            terms[name] = (p, p.detach().clone().MoveToOuterDisposeScope(), f);
        }
    }

    /// <summary>The penalty for the current weights (a scalar tensor), or null when off.</summary>
    public Tensor? Compute()
    {
        if (!Enabled) return null;
        Tensor? total = null;
        foreach (var (_, (p, anchor, fisher)) in terms)
        {
            if (!p.requires_grad) continue;
            using var diff = p - anchor;
            using var sq = diff.square();
            Tensor term = l2sp > 0 ? sq.sum().mul(l2sp / 2) : torch.zeros(1, device: p.device).squeeze();
            if (ewc > 0 && fisher is not null)
            {
                using var weighted = sq.mul(fisher).sum().mul(ewc / 2);
                term = term.add_(weighted);
            }
            total = total is null ? term : total.add_(term);
        }
        return total;
    }

    public void Dispose()
    {
        foreach (var (_, (_, anchor, fisher)) in terms)
        {
            anchor.Dispose();
            fisher?.Dispose();
        }
        terms.Clear();
    }
}
