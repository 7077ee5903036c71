using static TorchSharp.torch;

namespace FineTuneDomains.Core.Data;

/// <summary>One decoded item: input and target as CPU tensors, and its index in the split.</summary>
public sealed class Example : IDisposable
{
    public Example(int index, Tensor input, Tensor target)
    {
        Index = index;
        Input = input;
        Target = target;
    }

    /// <summary>Index of the item within its split.</summary>
    public int Index { get; }

    /// <summary>The model input (domain-specific shape, e.g. waveform [samples], image [C, H, W]).</summary>
    public Tensor Input { get; set; }

    /// <summary>The target (class index, multi-hot vector, label sequence…).</summary>
    public Tensor Target { get; set; }

    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
    }
}
