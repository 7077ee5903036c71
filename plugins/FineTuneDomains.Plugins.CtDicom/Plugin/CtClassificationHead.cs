using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.CtDicom.Plugin;

/// <summary>
/// Classification head for slices ([N, C, h, w]: global average pool) and series ([N, S, C, h, w]: pooled
/// per slice, then mean and max over the slices, so a lesion on a few slices still counts), then dropout and a
/// linear layer to class logits; cross-entropy loss, optionally weighted per class (task option class_weights).
/// </summary>
internal sealed class CtClassificationHead : ITaskHead
{
    private readonly HeadModule _module;
    private readonly float[]? _classWeights;

    public CtClassificationHead(TaskContext context)
    {
        _module = new HeadModule(context.Backbone.FeatureChannels, context.Classes.Count, context.HeadDropout);
        Metadata = new Dictionary<string, string> { ["classes"] = string.Join('\n', context.Classes) };
        var options = context.Task.Options;
        if (options.Has("class_weights") && !options.IsNull("class_weights"))
        {
            var w = options.GetDoubles("class_weights");
            if (w.Count != context.Classes.Count)
                throw new FineTuneDomains.Core.UserErrorException($"task.class_weights has {w.Count} values but there are {context.Classes.Count} classes ({string.Join(", ", context.Classes)})");
            _classWeights = w.Select(x => (float)x).ToArray();
        }
    }

    public nn.Module<Tensor, Tensor> Module => _module;
    public IReadOnlyList<LayerGroup> Groups { get; } = [new LayerGroup("head", [""])];
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public Tensor Loss(Tensor output, Batch batch)
    {
        if (_classWeights is null) return nn.functional.cross_entropy(output, batch.Target);
        using var weight = tensor(_classWeights, device: output.device);
        return nn.functional.cross_entropy(output, batch.Target, weight: weight);
    }

    internal sealed class HeadModule : nn.Module<Tensor, Tensor>
    {
        private readonly Dropout dropout;
        private readonly Linear fc;
        private readonly Linear seriesFc;

        public HeadModule(int channels, int classes, double dropoutRate) : base("ct_head")
        {
            dropout = nn.Dropout(dropoutRate);
            fc = nn.Linear(channels, classes);
            seriesFc = nn.Linear(2 * channels, classes);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor logits;
            if (x.dim() == 5)
            {
                var perSlice = x.mean([3, 4]); // [N, S, C]
                var pooled = cat([perSlice.mean([1]), perSlice.amax([1])], 1);
                logits = seriesFc.forward(dropout.forward(pooled));
            }
            else
            {
                logits = fc.forward(dropout.forward(x.dim() == 4 ? x.mean([2, 3]) : x));
            }
            return logits.MoveToOuterDisposeScope();
        }
    }
}
