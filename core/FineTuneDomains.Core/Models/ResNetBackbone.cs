using FineTuneDomains.Core.Plugins;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FineTuneDomains.Core.Models;

/// <summary>
/// A ResNet trunk (torchvision's layout and parameter names: <c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>, …)
/// that returns the feature map of <see cref="Backbone.ReturnLayer"/>; no average pool, no <c>fc</c>.
/// Follows TorchSharp's src/TorchVision/models/ResNet.cs, which always runs the classifier.
/// </summary>
internal sealed class ResNetBackbone : Backbone
{
    /// <summary>Layer names in order; the stem is conv1, bn1, ReLU and the 3×3/2 max-pool (stride 4).</summary>
    internal static readonly string[] LayerNames = ["stem", "layer1", "layer2", "layer3", "layer4"];

    // Field names are torchvision's state-dict keys.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential? layer1;
    private readonly Sequential? layer2;
    private readonly Sequential? layer3;
    private readonly Sequential? layer4;

    private readonly int returnIndex;
    private readonly int featureChannels;
    private readonly List<LayerGroup> groups = [];
    private readonly List<string> omitted = ["fc"];

    /// <param name="architecture">Name reported by <see cref="Architecture"/>.</param>
    /// <param name="bottleneck">Bottleneck blocks (ResNet-50) instead of basic blocks.</param>
    /// <param name="blocks">Blocks in layer1..layer4, e.g. [2, 2, 2, 2] for ResNet-18.</param>
    /// <param name="inputChannels">Channels fed to forward.</param>
    /// <param name="oneChannel">For 1-channel inputs: sum (1-channel conv1) or repeat (3-channel conv1).</param>
    /// <param name="returnLayer">Last layer run: stem, layer1 … layer4.</param>
    /// <param name="bnEps">Batch-norm epsilon (1e-5 in torchvision; imported models carry their own).</param>
    internal ResNetBackbone(string architecture, bool bottleneck, IReadOnlyList<int> blocks, int inputChannels,
        OneChannelMode oneChannel, string returnLayer, double bnEps = 1e-5)
        : base(architecture, inputChannels, inputChannels == 1 && oneChannel == OneChannelMode.Repeat)
    {
        if (blocks.Count != 4) throw new ArgumentException("A ResNet has four layers.", nameof(blocks));
        Architecture = architecture;
        returnIndex = Array.IndexOf(LayerNames, returnLayer);
        if (returnIndex < 0)
            throw new UserErrorException($"Unknown return_layer '{returnLayer}' for {architecture}: use one of {string.Join(", ", LayerNames)}.");
        ReturnLayer = returnLayer;

        int stemIn = inputChannels == 1 && oneChannel == OneChannelMode.Repeat ? 3 : inputChannels;
        conv1 = Conv2d(stemIn, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64, eps: bnEps);
        maxpool = MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        groups.Add(new LayerGroup("stem", ["conv1", "bn1"]));

        int expansion = bottleneck ? ResNetBottleneck.Expansion : ResNetBasicBlock.Expansion;
        int inPlanes = 64;
        featureChannels = 64;
        var layers = new Sequential?[4];
        for (int i = 0; i < 4; i++)
        {
            string name = LayerNames[i + 1];
            if (i + 1 > returnIndex)
            {
                omitted.Add(name);
                continue;
            }
            int planes = 64 << i;
            int stride = i == 0 ? 1 : 2;
            var layer = Sequential();
            for (int b = 0; b < blocks[i]; b++)
            {
                int s = b == 0 ? stride : 1;
                Sequential? downsample = null;
                if (b == 0 && (s != 1 || inPlanes != planes * expansion))
                    downsample = Sequential(Conv2d(inPlanes, planes * expansion, kernel_size: 1, stride: s, bias: false), BatchNorm2d(planes * expansion, eps: bnEps));
                layer.append(bottleneck
                    ? new ResNetBottleneck(inPlanes, planes, s, downsample, bnEps)
                    : new ResNetBasicBlock(inPlanes, planes, s, downsample, bnEps));
                inPlanes = planes * expansion;
            }
            layers[i] = layer;
            featureChannels = inPlanes;
            groups.Add(new LayerGroup(name, [name]));
        }
        (layer1, layer2, layer3, layer4) = (layers[0], layers[1], layers[2], layers[3]);
        RegisterComponents();
        InitialiseWeights();
    }

    public override string Architecture { get; }

    public override string ReturnLayer { get; }

    public override int FeatureChannels => featureChannels;

    public override int TotalStride => returnIndex == 0 ? 4 : 4 << (returnIndex - 1);

    public override IReadOnlyList<LayerGroup> Groups => groups;

    internal override string? StemWeightKey => "conv1.weight";

    internal override IReadOnlyList<string> OmittedPrefixes => omitted;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = AdaptInput(input);
        x = maxpool.call(functional.relu(bn1.call(conv1.call(x))));
        if (layer1 is not null) x = layer1.call(x);
        if (layer2 is not null) x = layer2.call(x);
        if (layer3 is not null) x = layer3.call(x);
        if (layer4 is not null) x = layer4.call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>torchvision's initialisation: Kaiming-normal (fan-out) convolutions, batch norms at identity.</summary>
    private void InitialiseWeights()
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            if (module is Conv2d conv)
                nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose(); bn1.Dispose(); maxpool.Dispose();
            layer1?.Dispose(); layer2?.Dispose(); layer3?.Dispose(); layer4?.Dispose();
        }
        base.Dispose(disposing);
    }
}
