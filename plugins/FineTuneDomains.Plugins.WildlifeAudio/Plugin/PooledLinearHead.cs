using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>Global average pooling of backbone feature maps [N, C, h, w] (or features [N, C]), dropout, linear logits.</summary>
internal sealed class PooledLinearHead : nn.Module<Tensor, Tensor>
{
    private readonly Dropout dropout;
    private readonly Linear fc;

    public PooledLinearHead(int features, int classes, double dropoutRate) : base(nameof(PooledLinearHead))
    {
        dropout = nn.Dropout(dropoutRate);
        fc = nn.Linear(features, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var pooled = input.dim() switch
        {
            4 => input.mean([2, 3]),
            2 => input,
            _ => throw new ArgumentException($"expected feature maps [N, C, h, w] or features [N, C], got [{string.Join(", ", input.shape)}]"),
        };
        return fc.call(dropout.call(pooled)).MoveToOuterDisposeScope();
    }
}
