using FineTuneDomains.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Plugins;

/// <summary>
/// A task head: a module over backbone feature maps ([N, C, h, w], or [N, S, C, h, w] when the dataset
/// yields sequences of images such as CT series) and the loss that trains it.
/// </summary>
public interface ITaskHead
{
    /// <summary>The module. Its parameters are named relative to it; <see cref="Groups"/> refers to those names.</summary>
    nn.Module<Tensor, Tensor> Module { get; }

    /// <summary>Ordered groups of the head, closest to the backbone first (e.g. <c>rnn</c>, <c>head</c>).</summary>
    IReadOnlyList<LayerGroup> Groups { get; }

    /// <summary>The training loss for a batch (a scalar). <paramref name="output"/> is the module's output.</summary>
    Tensor Loss(Tensor output, Batch batch);

    /// <summary>Extra facts about the trained head (alphabet, thresholds…) stored with checkpoints.</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }
}
