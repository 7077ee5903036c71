using FineTuneDomains.Core.Plugins;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FineTuneDomains.Core.Models;

/// <summary>
/// A small, fast CNN for tests and tiny data sets: five conv3×3–BN–ReLU stages named like a ResNet's groups
/// (<c>stem</c>, <c>layer1</c> … <c>layer4</c>; channels 8, 16, 32, 32, 64; strides 2, 1, 2, 2, 2), so that
/// freezing plans and <c>return_layer</c> mean the same as for ResNets. State-dict keys: <c>stem.0.weight</c>
/// (conv), <c>stem.1.*</c> (batch norm), …
/// </summary>
internal sealed class SmallCnnBackbone : Backbone
{
    internal const string Name = "small_cnn";
    private static readonly (int Channels, int Stride)[] Stages = [(8, 2), (16, 1), (32, 2), (32, 2), (64, 2)];

    // Field names are state-dict keys.
    private readonly Sequential stem;
    private readonly Sequential? layer1;
    private readonly Sequential? layer2;
    private readonly Sequential? layer3;
    private readonly Sequential? layer4;

    private readonly int returnIndex;
    private readonly List<LayerGroup> groups = [];
    private readonly List<string> omitted = [];

    internal SmallCnnBackbone(int inputChannels, OneChannelMode oneChannel, string returnLayer)
        : base(Name, inputChannels, inputChannels == 1 && oneChannel == OneChannelMode.Repeat)
    {
        returnIndex = Array.IndexOf(ResNetBackbone.LayerNames, returnLayer);
        if (returnIndex < 0)
            throw new UserErrorException($"Unknown return_layer '{returnLayer}' for {Name}: use one of {string.Join(", ", ResNetBackbone.LayerNames)}.");
        ReturnLayer = returnLayer;

        int channels = inputChannels == 1 && oneChannel == OneChannelMode.Repeat ? 3 : inputChannels;
        var built = new Sequential?[Stages.Length];
        for (int i = 0; i < Stages.Length; i++)
        {
            string name = ResNetBackbone.LayerNames[i];
            if (i > returnIndex)
            {
                omitted.Add(name);
                continue;
            }
            var (outChannels, stride) = Stages[i];
            built[i] = Sequential(
                Conv2d(channels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: false),
                BatchNorm2d(outChannels),
                ReLU());
            channels = outChannels;
            groups.Add(new LayerGroup(name, [name]));
        }
        FeatureChannels = channels;
        stem = built[0]!;
        (layer1, layer2, layer3, layer4) = (built[1], built[2], built[3], built[4]);
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            if (module is Conv2d conv)
                nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        }
    }

    public override string Architecture => Name;

    public override string ReturnLayer { get; }

    public override int FeatureChannels { get; }

    public override int TotalStride => Stages.Take(returnIndex + 1).Aggregate(1, (s, stage) => s * stage.Stride);

    public override IReadOnlyList<LayerGroup> Groups => groups;

    internal override string? StemWeightKey => "stem.0.weight";

    internal override IReadOnlyList<string> OmittedPrefixes => omitted;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = stem.call(AdaptInput(input));
        if (layer1 is not null) x = layer1.call(x);
        if (layer2 is not null) x = layer2.call(x);
        if (layer3 is not null) x = layer3.call(x);
        if (layer4 is not null) x = layer4.call(x);
        return x.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stem.Dispose(); layer1?.Dispose(); layer2?.Dispose(); layer3?.Dispose(); layer4?.Dispose();
        }
        base.Dispose(disposing);
    }
}
