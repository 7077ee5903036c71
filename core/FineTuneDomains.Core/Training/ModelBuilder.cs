using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Models;
using FineTuneDomains.Core.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>Builds the backbone + head model an experiment describes, with pretrained weights where asked.</summary>
public static class ModelBuilder
{
    /// <summary>
    /// Head metadata key: comma-separated names (relative to the head module) of tensors the head already
    /// set from a base checkpoint itself (e.g. output rows remapped to a new alphabet). Loading the base's
    /// matching tensors afterwards leaves these alone, even when their shapes happen to match.
    /// </summary>
    public const string HeadInitialisedFromBase = "base.initialised";

    /// <summary>
    /// Builds the model on the CPU, always as the experiment describes it, pretrained source included: the
    /// source decides the architecture variant (ImageNet's ResNet-18 has a [2,2,2,3] trunk), its batch-norm
    /// epsilon and the input normalisation, so a model restored from a checkpoint must be built the same way
    /// before the checkpoint's weights are loaded. <paramref name="headMetadata"/> is what a checkpoint's head
    /// stored, when restoring.
    /// </summary>
    public static BuiltModel Build(Experiment experiment, IDomainPlugin plugin, IReadOnlyList<string> classes, int inputChannels,
        IReadOnlyDictionary<string, string>? headMetadata = null)
    {
        var m = experiment.Model;
        var pretrained = m.GetString("pretrained");
        bool ownCheckpoint = pretrained.EndsWith(".ckpt", StringComparison.OrdinalIgnoreCase);
        if (ownCheckpoint) pretrained = Path.GetFullPath(pretrained, Path.GetDirectoryName(experiment.SourcePath) ?? Environment.CurrentDirectory);
        var notes = new List<string>();
        Dictionary<string, Tensor>? baseTensors = null;
        Dictionary<string, string> metadata = new(headMetadata ?? new Dictionary<string, string>());
        if (ownCheckpoint)
        {
            var state = Checkpoint.ReadState(pretrained);
            if (state.Plugin != plugin.Id)
                throw new UserErrorException($"{pretrained}: this checkpoint was trained with plugin '{state.Plugin}', not '{plugin.Id}'");
            baseTensors = Checkpoint.ReadTensors(pretrained);
            foreach (var (k, v) in state.HeadMetadata) metadata["base." + k] = v;
            metadata["base.checkpoint"] = pretrained;
            metadata["base.classes"] = string.Join("\u001f", state.Classes);
        }

        torch.manual_seed(experiment.Seed);
        var spec = new BackboneSpec
        {
            Name = m.GetString("backbone"),
            Pretrained = ownCheckpoint ? null : pretrained,
            InChannels = inputChannels,
            OneChannel = m.GetString("one_channel") == "repeat" ? OneChannelMode.Repeat : OneChannelMode.Sum,
            ReturnLayer = m.GetString("return_layer"),
            Strict = m.GetBool("strict"),
        };
        var backbone = BackboneFactory.Create(spec);
        if (backbone.LoadReport is { } report) notes.Add(report.ToString());

        var taskContext = new TaskContext(experiment.Task, classes, backbone.Info, m.GetDouble("head_dropout"), metadata)
        {
            LabelSmoothing = experiment.Regularization.GetDouble("label_smoothing"),
        };
        var head = plugin.CreateHead(taskContext);
        var model = new FineTuneModel(backbone.Module, head.Module, m.GetBool("normalize") ? backbone.Normalization.ForChannels(inputChannels) : null);

        if (baseTensors is not null)
        {
            try
            {
                var keep = head.Metadata.TryGetValue(HeadInitialisedFromBase, out var list)
                    ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => "head." + n).ToHashSet()
                    : [];
                notes.AddRange(LoadMatching(model, baseTensors.Where(kv => !keep.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
                    m.GetBool("strict") ? "backbone." : null, pretrained));
            }
            finally
            {
                foreach (var t in baseTensors.Values) t.Dispose();
            }
        }

        var globs = experiment.Model.GetMap("groups").ToDictionary(kv => kv.Key,
            kv => (IReadOnlyList<string>)((System.Collections.IEnumerable)kv.Value!).Cast<object>().Select(o => (string)o).ToList());
        var groups = GroupPlan.Build(model, backbone.Groups, head.Groups, globs);
        return new BuiltModel(model, head, backbone, groups, classes, taskContext, notes);
    }

    /// <summary>
    /// Copies tensors whose name and shape match into the model (a base model's weights). Parameters under
    /// <paramref name="strictPrefix"/> must all be present and fit; others that do not fit keep the head's own
    /// initialisation (the plugin may have initialised them from the base already, via its metadata).
    /// </summary>
    public static IReadOnlyList<string> LoadMatching(nn.Module model, IReadOnlyDictionary<string, Tensor> source, string? strictPrefix, string sourceName)
    {
        var notes = new List<string>();
        var skipped = new List<string>();
        int loaded = 0;
        using (no_grad())
        {
            foreach (var (name, target) in model.state_dict())
            {
                if (!source.TryGetValue(name, out var value) || !value.shape.SequenceEqual(target.shape))
                {
                    if (strictPrefix is not null && name.StartsWith(strictPrefix, StringComparison.Ordinal))
                        throw new UserErrorException($"{sourceName}: {(source.ContainsKey(name) ? "shape of" : "no")} '{name}' {(source.ContainsKey(name) ? $"is [{string.Join(", ", source[name].shape)}], the model needs [{string.Join(", ", target.shape)}]" : "in the checkpoint")} (set model.strict: false to load the rest)");
                    skipped.Add(name);
                    continue;
                }
                target.copy_(value);
                loaded++;
            }
        }
        notes.Add($"{sourceName}: loaded {loaded} tensors" + (skipped.Count > 0 ? $"; kept the new model's own values for {skipped.Count}: {string.Join(", ", skipped.Take(8))}{(skipped.Count > 8 ? ", …" : "")}" : ""));
        return notes;
    }
}
