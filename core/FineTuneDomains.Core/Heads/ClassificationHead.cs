using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Heads;

/// <summary>
/// A classification head for plugins to reuse: global average pooling of the feature map (and mean over
/// the sequence axis for [N, S, C, h, w] inputs, e.g. a CT series), dropout, linear layer. Single-label
/// (softmax cross-entropy with label smoothing; targets are class indices) or multi-label (sigmoid BCE with
/// optional positive weights or focal loss; targets are multi-hot). One layer group: <c>head</c>.
/// </summary>
public sealed class ClassificationHead : ITaskHead
{
    private readonly HeadModule module;
    private readonly bool multiLabel;
    private readonly double labelSmoothing;
    private readonly double focalGamma;
    private readonly Tensor? positiveWeights;

    /// <param name="context">Task context (classes, backbone channels, dropout, label smoothing).</param>
    /// <param name="multiLabel">Sigmoid per class instead of softmax.</param>
    /// <param name="focalGamma">Focal-loss gamma for multi-label (0: plain BCE).</param>
    /// <param name="positiveWeights">Per-class positive weights for multi-label BCE, or null.</param>
    public ClassificationHead(TaskContext context, bool multiLabel = false, double focalGamma = 0, IReadOnlyList<double>? positiveWeights = null)
    {
        if (context.Classes.Count < (multiLabel ? 1 : 2))
            throw new UserErrorException($"a {(multiLabel ? "multi-label" : "classification")} task needs at least {(multiLabel ? 1 : 2)} classes; the data has {context.Classes.Count}");
        module = new HeadModule(context.Backbone.FeatureChannels, context.Classes.Count, context.HeadDropout);
        this.multiLabel = multiLabel;
        labelSmoothing = context.LabelSmoothing;
        this.focalGamma = focalGamma;
        if (positiveWeights is not null)
        {
            if (positiveWeights.Count != context.Classes.Count)
                throw new UserErrorException($"positive weights: {positiveWeights.Count} given for {context.Classes.Count} classes");
            this.positiveWeights = tensor(positiveWeights.Select(w => (float)w).ToArray()).DetachFromDisposeScope();
        }
        Metadata = new Dictionary<string, string> { ["classes"] = string.Join("\u001f", context.Classes), ["multi_label"] = multiLabel ? "true" : "false" };
    }

    public nn.Module<Tensor, Tensor> Module => module;

    public IReadOnlyList<LayerGroup> Groups { get; } = [new LayerGroup("head", [""])];

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public Tensor Loss(Tensor output, Batch batch)
    {
        if (!multiLabel)
        {
            using var target = batch.Target.to(ScalarType.Int64, output.device);
            return nn.functional.cross_entropy(output, target, label_smoothing: labelSmoothing);
        }
        using var t = batch.Target.to(output.dtype, output.device);
        using var smoothed = labelSmoothing > 0 ? t.mul(1 - labelSmoothing).add_(labelSmoothing / 2) : t.alias();
        using var pw = positiveWeights?.to(output.device);
        if (focalGamma <= 0)
            return nn.functional.binary_cross_entropy_with_logits(output, smoothed, pos_weights: pw);
        using var bce = nn.functional.binary_cross_entropy_with_logits(output, smoothed, reduction: nn.Reduction.None, pos_weights: pw);
        using var p = output.sigmoid();
        using var pt = p.mul(smoothed).add_(p.neg().add_(1).mul_(smoothed.neg().add(1)));
        using var focal = pt.neg().add_(1).pow_(focalGamma);
        return focal.mul_(bce).mean();
    }

    private sealed class HeadModule : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Dropout dropout;
        private readonly TorchSharp.Modules.Linear fc;

        public HeadModule(int channels, int classes, double dropoutRate) : base("ClassificationHead")
        {
            dropout = nn.Dropout(dropoutRate);
            fc = nn.Linear(channels, classes);
            RegisterComponents();
        }

        public override Tensor forward(Tensor features)
        {
            using var pooled = features.dim() switch
            {
                5 => features.mean([1, 3, 4]),
                4 => features.mean([2, 3]),
                3 => features.mean([2]),
                2 => features.alias(),
                _ => throw new ArgumentException($"unexpected feature shape [{string.Join(", ", features.shape)}]"),
            };
            using var d = dropout.call(pooled);
            return fc.call(d);
        }
    }
}
