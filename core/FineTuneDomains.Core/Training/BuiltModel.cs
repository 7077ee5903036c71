using FineTuneDomains.Core.Models;
using FineTuneDomains.Core.Plugins;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>A model built from an experiment: the module, its head, its groups and how its weights were obtained.</summary>
public sealed record BuiltModel(
    FineTuneModel Model,
    ITaskHead Head,
    CreatedBackbone Backbone,
    GroupPlan Groups,
    IReadOnlyList<string> Classes,
    TaskContext TaskContext,
    IReadOnlyList<string> LoadNotes);
