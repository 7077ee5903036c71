using FineTuneDomains.Core.Config;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>
/// Builds AdamW or SGD with one parameter group per layer group and decay class. Every group, frozen or
/// not, is in the optimiser from the start: frozen parameters get no gradients and the optimiser skips
/// them, so a group unfrozen mid-run takes part at once, with the schedule's current factor, and its state
/// is saved and resumed like any other. Biases and normalisation weights (1-D tensors) get no weight decay
/// unless <c>optimizer.decay_bias_and_norm</c> is set.
/// </summary>
public static class OptimizerBuilder
{
    public static (optim.Optimizer Optimizer, IReadOnlyList<OptimizerGroup> Groups) Build(GroupPlan plan, Settings o)
    {
        var name = o.GetString("name");
        double wd = o.GetDouble("weight_decay");
        bool decayAll = o.GetBool("decay_bias_and_norm");
        var groups = new List<OptimizerGroup>();
        var betas = o.GetDoubles("betas");
        if (betas.Count != 2) throw new UserErrorException($"optimizer.betas: expected two numbers, got {betas.Count}");
        foreach (var g in plan.Names)
        {
            var ps = plan.Parameters(g);
            var decay = ps.Where(p => decayAll || p.Param.dim() > 1).Select(p => p.Param).ToList();
            var noDecay = ps.Where(p => !decayAll && p.Param.dim() <= 1).Select(p => p.Param).ToList();
            double lr = plan.BaseLearningRate(g);
            foreach (var (list, d) in new[] { (decay, true), (noDecay, false) })
            {
                if (list.Count == 0) continue;
                ParamGroup pg = name == "sgd"
                    ? new SGD.ParamGroup(list, lr, momentum: o.GetDouble("momentum"), weight_decay: d ? wd : 0, nesterov: o.GetBool("nesterov"))
                    : new AdamW.ParamGroup(list, lr, betas[0], betas[1], o.GetDouble("eps"), d ? wd : 0);
                groups.Add(new OptimizerGroup(g, d, pg));
            }
        }
        if (o.GetBool("nesterov") && name == "sgd" && o.GetDouble("momentum") <= 0)
            throw new UserErrorException("optimizer.nesterov needs optimizer.momentum > 0");
        optim.Optimizer optimizer = name == "sgd"
            ? optim.SGD(groups.Select(g => (SGD.ParamGroup)g.ParamGroup), groups.Count > 0 ? groups[0].ParamGroup.LearningRate : 1e-3, momentum: o.GetDouble("momentum"), nesterov: o.GetBool("nesterov"))
            : optim.AdamW(groups.Select(g => (AdamW.ParamGroup)g.ParamGroup), groups.Count > 0 ? groups[0].ParamGroup.LearningRate : 1e-3, betas[0], betas[1], o.GetDouble("eps"));
        return (optimizer, groups);
    }
}
