using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>
/// Species head: <see cref="PooledLinearHead"/> with a softmax cross-entropy loss (classification, soft
/// targets so mixup works) or a sigmoid BCE/focal loss (multi-label).
/// </summary>
internal sealed class AudioTaskHead : ICalibratedHead
{
    private readonly string _type;
    private readonly double _labelSmoothing;
    private readonly bool _focal;
    private readonly double _gamma;
    private readonly double _alpha;
    private readonly float[]? _posWeight;
    private readonly Dictionary<string, string> _metadata;

    public AudioTaskHead(TaskContext context)
    {
        _type = context.Task.Type;
        int classes = context.Classes.Count;
        if (classes < 2 && _type == TaskKinds.Classification)
        {
            throw new UserErrorException($"classification needs at least two classes, the data has {classes}.");
        }

        if (classes < 1)
        {
            throw new UserErrorException("multi-label classification needs at least one class.");
        }

        var o = context.Task.Options;
        if (_type == TaskKinds.Classification)
        {
            // The task's own setting, else the experiment's regularization.label_smoothing.
            _labelSmoothing = o.Has("label_smoothing") && o.GetDouble("label_smoothing") > 0 ? o.GetDouble("label_smoothing") : context.LabelSmoothing;
        }
        else if (_type == TaskKinds.MultiLabel)
        {
            _focal = o.Has("loss") && o.GetString("loss") == "focal";
            _gamma = o.Has("focal_gamma") ? o.GetDouble("focal_gamma") : 2;
            _alpha = o.Has("focal_alpha") ? o.GetDouble("focal_alpha") : 0.25;
            if (o.Has("pos_weight") && !o.IsNull("pos_weight"))
            {
                var w = o.GetDoubles("pos_weight");
                _posWeight = w.Count == 1 ? Enumerable.Repeat((float)w[0], classes).ToArray()
                    : w.Count == classes ? w.Select(v => (float)v).ToArray()
                    : throw new UserErrorException($"pos_weight has {w.Count} values; give one, or one per class ({classes}).");
            }
        }
        else
        {
            throw new UserErrorException($"wildlife-audio has no task type '{_type}' (use {TaskKinds.Classification} or {TaskKinds.MultiLabel}).");
        }

        Module = new PooledLinearHead(context.Backbone.FeatureChannels, classes, context.HeadDropout);
        _metadata = new Dictionary<string, string>(context.Metadata)
        {
            ["task"] = _type,
            ["classes"] = string.Join('\n', context.Classes),
        };
    }

    public nn.Module<Tensor, Tensor> Module { get; }

    public IReadOnlyList<LayerGroup> Groups { get; } = [new LayerGroup("head", [""])];

    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>Multi-label: stores the per-class max-F1 thresholds found on the validation split.</summary>
    public void Calibrate(IEvaluator validation)
    {
        if (validation is AudioEvaluator audio && audio.TunedThresholds() is { } thresholds)
            _metadata[AudioEvaluator.ThresholdsKey] = string.Join(',', thresholds.Select(t => t.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
    }

    public Tensor Loss(Tensor output, Batch batch)
    {
        using var scope = NewDisposeScope();
        var target = batch.Target.to_type(output.dtype).to(output.device);
        Tensor loss;
        if (_type == TaskKinds.Classification)
        {
            if (_labelSmoothing > 0)
            {
                target = (1 - _labelSmoothing) * target + _labelSmoothing / output.shape[1];
            }

            loss = -(target * nn.functional.log_softmax(output, 1)).sum(1).mean();
        }
        else if (_focal)
        {
            var bce = nn.functional.binary_cross_entropy_with_logits(output, target, reduction: nn.Reduction.None);
            var p = output.sigmoid();
            var pt = p * target + (1 - p) * (1 - target);
            var alpha = _alpha * target + (1 - _alpha) * (1 - target);
            loss = (alpha * (1 - pt).pow(_gamma) * bce).mean();
        }
        else
        {
            var weight = _posWeight is null ? null : tensor(_posWeight).to(output.device);
            loss = nn.functional.binary_cross_entropy_with_logits(output, target, pos_weights: weight);
        }

        return loss.MoveToOuterDisposeScope();
    }
}
