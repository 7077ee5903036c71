using TorchSharp.Modules;

namespace FineTuneDomains.Core.Training;

/// <summary>One optimiser parameter group: a layer group's parameters with or without weight decay.</summary>
public sealed record OptimizerGroup(string LayerGroup, bool Decay, ParamGroup ParamGroup);
