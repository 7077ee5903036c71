using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FineTuneDomains.Core.Models;

/// <summary>
/// torchvision's Bottleneck (ResNet v1.5: the stride sits on the 3×3 convolution). Field names are the
/// state-dict keys.
/// </summary>
internal sealed class ResNetBottleneck : Module<Tensor, Tensor>
{
    internal const int Expansion = 4;

    // Field names are torchvision's state-dict keys.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    internal ResNetBottleneck(int inPlanes, int planes, int stride, Sequential? downsample, double bnEps) : base(nameof(ResNetBottleneck))
    {
        conv1 = Conv2d(inPlanes, planes, kernel_size: 1, bias: false);
        bn1 = BatchNorm2d(planes, eps: bnEps);
        conv2 = Conv2d(planes, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn2 = BatchNorm2d(planes, eps: bnEps);
        conv3 = Conv2d(planes, planes * Expansion, kernel_size: 1, bias: false);
        bn3 = BatchNorm2d(planes * Expansion, eps: bnEps);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.relu(bn1.call(conv1.call(input)));
        x = functional.relu(bn2.call(conv2.call(x)));
        x = bn3.call(conv3.call(x));
        var identity = downsample is null ? input : downsample.call(input);
        return functional.relu(x.add_(identity)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose(); bn1.Dispose(); conv2.Dispose(); bn2.Dispose(); conv3.Dispose(); bn3.Dispose(); downsample?.Dispose();
        }
        base.Dispose(disposing);
    }
}
