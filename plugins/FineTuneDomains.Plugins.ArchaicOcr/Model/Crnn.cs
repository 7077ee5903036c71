using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FineTuneDomains.Plugins.ArchaicOcr.Model;

/// <summary>
/// Text-line recogniser: a convolutional trunk (three conv-BN-ReLU-pool blocks; width / 4, height / 8) read column by
/// column by a bidirectional LSTM, then a linear layer over blank + alphabet (blank = class 0). Its parameter groups,
/// which are also the state-dict key prefixes, are <c>trunk</c>, <c>rnn</c> and <c>output</c>.
/// </summary>
internal sealed class Crnn : Module<Tensor, Tensor>
{
    /// <summary>Parameter group names, in network order.</summary>
    public static readonly IReadOnlyList<string> GroupNames = new[] { "trunk", "rnn", "output" };

    // Field names are state-dict prefixes: keep them equal to GroupNames.
    private readonly Sequential trunk;
    private readonly LSTM rnn;
    private readonly Linear output;

    public Crnn(CrnnOptions options, int classCount) : base(nameof(Crnn))
    {
        options.Validate();
        if (classCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), "A recogniser needs the blank and at least one symbol.");
        }

        Options = options;
        var c = options.ConvChannels;
        trunk = Sequential(
            ("conv0", Conv2d(1, c[0], 3, padding: 1)),
            ("bn0", BatchNorm2d(c[0])),
            ("relu0", ReLU()),
            ("pool0", MaxPool2d(2, 2)),
            ("conv1", Conv2d(c[0], c[1], 3, padding: 1)),
            ("bn1", BatchNorm2d(c[1])),
            ("relu1", ReLU()),
            ("pool1", MaxPool2d(2, 2)),
            ("conv2", Conv2d(c[1], c[2], 3, padding: 1)),
            ("bn2", BatchNorm2d(c[2])),
            ("relu2", ReLU()),
            ("pool2", MaxPool2d(new long[] { 2, 1 }, new long[] { 2, 1 })));
        rnn = LSTM(c[2] * (options.Height / 8), options.Hidden, options.Layers, dropout: options.Layers > 1 ? options.Dropout : 0, bidirectional: true);
        output = Linear(2 * options.Hidden, classCount);
        RegisterComponents();
    }

    public CrnnOptions Options { get; }

    /// <summary>Output classes (blank + symbols).</summary>
    public long ClassCount => output.weight.shape[0];

    /// <summary>The output layer's weight [classes, 2 * hidden] (class 0 = blank).</summary>
    public Parameter OutputWeight => output.weight;

    /// <summary>The output layer's bias [classes].</summary>
    public Parameter OutputBias => output.bias!;

    /// <summary>Frames the network emits for an input of the given width (two 2x2 poolings).</summary>
    public static long OutputLength(long width) => width / 2 / 2;

    /// <summary>Images [B, 1, H, W] (ink = 1) to log-probabilities [T, B, classes], the layout CTC loss expects.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var features = trunk.call(images);                       // [B, C, H/8, W/4]
        var sequence = features.permute(3, 0, 1, 2).flatten(2);  // [T, B, C * H/8]
        var (hidden, _, _) = rnn.call(sequence);                 // [T, B, 2 * hidden]
        return torch.nn.functional.log_softmax(output.call(hidden), 2).MoveToOuterDisposeScope();
    }

    /// <summary>Parameters by group (<c>trunk</c>, <c>rnn</c>, <c>output</c>), for freezing plans and per-group learning rates.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Parameter>> ParameterGroups()
    {
        var groups = GroupNames.ToDictionary(g => g, _ => new List<Parameter>());
        foreach (var (name, parameter) in named_parameters())
        {
            groups[name[..name.IndexOf('.')]].Add(parameter);
        }

        return groups.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Parameter>)kv.Value);
    }

    /// <summary>Replaces the output layer's parameters (alphabet change). Create optimisers after calling this.</summary>
    internal void ReplaceOutput(Tensor weight, Tensor bias)
    {
        if (weight.dim() != 2 || weight.shape[1] != output.weight.shape[1] || bias.shape[0] != weight.shape[0])
        {
            throw new ArgumentException("Output weight must be [classes, 2 * hidden] with a matching bias.");
        }

        output.weight = new Parameter(weight.detach().clone(), requires_grad: output.weight.requires_grad);
        output.bias = new Parameter(bias.detach().clone(), requires_grad: output.bias!.requires_grad);
        output.out_features = weight.shape[0];
    }
}
