using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>Evaluates a model on a dataset: mean loss and the plugin evaluator's metrics.</summary>
public static class EvaluationLoop
{
    /// <summary>Runs the model in eval mode without gradients; metric names get <paramref name="prefix"/> + "/".</summary>
    public static Dictionary<string, double> Run(BuiltModel built, IEvaluator evaluator, IDataset set, Device device, int batchSize, int seed, int workers, string prefix, bool computeLoss = true)
    {
        var model = built.Model;
        bool wasTraining = model.training;
        model.eval();
        evaluator.Reset();
        double lossSum = 0;
        long items = 0;
        try
        {
            using var _ = no_grad();
            var loader = new BatchLoader(set, batchSize, shuffle: false, seed);
            foreach (var batch in loader.Epoch(0, Math.Min(workers, 2), 4))
            {
                using var scope = NewDisposeScope();
                using var b = batch.To(device);
                using var output = model.call(b.Input);
                if (computeLoss)
                {
                    using var loss = built.Head.Loss(output, b);
                    lossSum += loss.item<float>() * b.Count;
                }
                items += b.Count;
                using var cpuOut = output.detach().cpu();
                evaluator.Add(cpuOut, batch);
                batch.Dispose();
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }
        var result = new Dictionary<string, double>();
        if (computeLoss) result[prefix + "/loss"] = items == 0 ? double.NaN : lossSum / items;
        if (!computeLoss) return result;
        foreach (var (k, v) in evaluator.Compute()) result[prefix + "/" + k] = v;
        return result;
    }
}
