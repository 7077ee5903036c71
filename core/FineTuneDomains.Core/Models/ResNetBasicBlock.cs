using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FineTuneDomains.Core.Models;

/// <summary>torchvision's BasicBlock: two 3×3 convolutions and a shortcut. Field names are the state-dict keys.</summary>
internal sealed class ResNetBasicBlock : Module<Tensor, Tensor>
{
    internal const int Expansion = 1;

    // Field names are torchvision's state-dict keys.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    internal ResNetBasicBlock(int inPlanes, int planes, int stride, Sequential? downsample, double bnEps) : base(nameof(ResNetBasicBlock))
    {
        conv1 = Conv2d(inPlanes, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(planes, eps: bnEps);
        conv2 = Conv2d(planes, planes, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn2 = BatchNorm2d(planes, eps: bnEps);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.relu(bn1.call(conv1.call(input)));
        x = bn2.call(conv2.call(x));
        var identity = downsample is null ? input : downsample.call(input);
        return functional.relu(x.add_(identity)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose(); bn1.Dispose(); conv2.Dispose(); bn2.Dispose(); downsample?.Dispose();
        }
        base.Dispose(disposing);
    }
}
