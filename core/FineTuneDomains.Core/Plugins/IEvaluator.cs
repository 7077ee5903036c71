using FineTuneDomains.Core.Data;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Plugins;

/// <summary>Accumulates model outputs over an evaluation pass and computes the plugin's metrics.</summary>
public interface IEvaluator
{
    /// <summary>Forgets everything added so far.</summary>
    void Reset();

    /// <summary>Adds one batch of outputs (detached, on CPU). Must not keep references to the tensors.</summary>
    void Add(Tensor output, Batch batch);

    /// <summary>Metrics over everything added since the last reset (e.g. <c>accuracy</c>, <c>macro_f1</c>).</summary>
    IReadOnlyDictionary<string, double> Compute();

    /// <summary>One row per item added: item index, reference and prediction as text (for predictions files).</summary>
    IReadOnlyList<Prediction> Predictions { get; }
}
