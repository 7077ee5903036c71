using FineTuneDomains.Core.Plugins;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Models;

/// <summary>Backbone <c>none</c>: passes the input through, for heads that work on the input directly.</summary>
internal sealed class IdentityBackbone : Backbone
{
    internal const string Name = "none";

    internal IdentityBackbone(int inputChannels) : base(Name, inputChannels, repeatInput: false) { }

    public override string Architecture => Name;

    public override string ReturnLayer => Name;

    public override int FeatureChannels => InputChannels;

    public override int TotalStride => 1;

    public override IReadOnlyList<LayerGroup> Groups => [];

    internal override string? StemWeightKey => null;

    internal override IReadOnlyList<string> OmittedPrefixes => [];

    public override Tensor forward(Tensor input) => AdaptInput(input).alias();
}
