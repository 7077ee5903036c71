using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>The <c>none</c> backbone: passes the input through (for heads that bring their own trunk).</summary>
public sealed class IdentityBackbone : nn.Module<Tensor, Tensor>
{
    public IdentityBackbone() : base(nameof(IdentityBackbone)) => RegisterComponents();

    public override Tensor forward(Tensor input) => input.alias();
}
