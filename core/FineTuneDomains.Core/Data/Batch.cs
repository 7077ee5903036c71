using static TorchSharp.torch;

namespace FineTuneDomains.Core.Data;

/// <summary>
/// A collated batch: input [N, …], target [N, …], the split indices of its items and named extra tensors
/// (e.g. <c>input_lengths</c>, <c>target_lengths</c> for CTC). Owns all its tensors.
/// </summary>
public sealed class Batch : IDisposable
{
    public Batch(Tensor input, Tensor target, IReadOnlyList<int> indices, IReadOnlyDictionary<string, Tensor>? extras = null)
    {
        Input = input;
        Target = target;
        Indices = indices;
        Extras = extras ?? new Dictionary<string, Tensor>();
    }

    public Tensor Input { get; set; }

    public Tensor Target { get; set; }

    /// <summary>Split indices of the items, in batch order.</summary>
    public IReadOnlyList<int> Indices { get; }

    public IReadOnlyDictionary<string, Tensor> Extras { get; set; }

    /// <summary>Number of items.</summary>
    public int Count => Indices.Count;

    /// <summary>A copy of this batch on <paramref name="device"/> (this batch keeps its own tensors).</summary>
    public Batch To(Device device)
    {
        if (Input.device == device) return new Batch(Input.alias(), Target.alias(), Indices, Extras.ToDictionary(e => e.Key, e => e.Value.alias()));
        return new Batch(Input.to(device), Target.to(device), Indices, Extras.ToDictionary(e => e.Key, e => e.Value.to(device)));
    }

    /// <summary>Moves every tensor of the batch out of the current dispose scope.</summary>
    public Batch MoveToOuterDisposeScope()
    {
        Input.MoveToOuterDisposeScope();
        Target.MoveToOuterDisposeScope();
        foreach (var t in Extras.Values) t.MoveToOuterDisposeScope();
        return this;
    }

    /// <summary>Detaches every tensor from any dispose scope (used when handing a batch across threads).</summary>
    public Batch DetachFromDisposeScope()
    {
        Input.DetachFromDisposeScope();
        Target.DetachFromDisposeScope();
        foreach (var t in Extras.Values) t.DetachFromDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
        foreach (var t in Extras.Values) t.Dispose();
    }
}
