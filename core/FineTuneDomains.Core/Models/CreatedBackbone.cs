using FineTuneDomains.Core.Plugins;

namespace FineTuneDomains.Core.Models;

/// <summary>A backbone built by <see cref="BackboneFactory.Create"/>, with what goes with its weights.</summary>
/// <param name="Module">The module (on the CPU; move it before building the optimiser).</param>
/// <param name="Normalization">The input normalisation its weights expect, for <see cref="BackboneSpec.InChannels"/> channels.</param>
/// <param name="LoadReport">What loading the pretrained weights did; null when none were asked for.</param>
public sealed record CreatedBackbone(Backbone Module, InputNormalization Normalization, WeightLoadReport? LoadReport)
{
    /// <summary>The module's ordered parameter groups (stem first).</summary>
    public IReadOnlyList<LayerGroup> Groups => Module.Groups;

    /// <summary>Name, feature channels and stride, for the head.</summary>
    public BackboneInfo Info => Module.Info;
}
