using FineTuneDomains.Core.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Models;

/// <summary>
/// A feature extractor: maps images [N, C, H, W] to feature maps [N, <see cref="FeatureChannels"/>, h, w] with
/// h = H / <see cref="TotalStride"/> (rounded up), without pooling or classifier. Parameter names follow
/// torchvision's, so PyTorch state dicts load as they are.
/// </summary>
public abstract class Backbone : nn.Module<Tensor, Tensor>
{
    private readonly bool repeatInput;

    /// <param name="name">The module name (TorchSharp's).</param>
    /// <param name="inputChannels">Channels callers feed to <c>forward</c>.</param>
    /// <param name="repeatInput">Repeat a 1-channel input 3 times before the 3-channel stem.</param>
    private protected Backbone(string name, int inputChannels, bool repeatInput) : base(name)
    {
        if (repeatInput && inputChannels != 1)
            throw new ArgumentException("Only 1-channel inputs can be repeated.", nameof(repeatInput));
        InputChannels = inputChannels;
        this.repeatInput = repeatInput;
    }

    /// <summary>The architecture's name, e.g. <c>resnet18</c> or <c>resnet18-2223</c>.</summary>
    public abstract string Architecture { get; }

    /// <summary>Channels of the input this module accepts (1 or 3 for the pretrained stems).</summary>
    public int InputChannels { get; }

    /// <summary>How a 1-channel input meets the 3-channel stem; null for inputs with other channel counts.</summary>
    public OneChannelMode? OneChannel => InputChannels != 1 ? null : repeatInput ? OneChannelMode.Repeat : OneChannelMode.Sum;

    /// <summary>The last layer this module runs (<c>stem</c>, <c>layer1</c> … <c>layer4</c>).</summary>
    public abstract string ReturnLayer { get; }

    /// <summary>Channels of the output feature map.</summary>
    public abstract int FeatureChannels { get; }

    /// <summary>Input pixels per output cell along each axis.</summary>
    public abstract int TotalStride { get; }

    /// <summary>
    /// The parameter groups, stem first, each listing the parameter-name prefixes it owns. Every parameter and
    /// buffer of the module belongs to exactly one group.
    /// </summary>
    public abstract IReadOnlyList<LayerGroup> Groups { get; }

    /// <summary>Name, feature channels and stride, as heads receive them.</summary>
    public BackboneInfo Info => new(Architecture, FeatureChannels, TotalStride);

    /// <summary>State-dict key of the first convolution's weight [out, in, kh, kw]; null when there is none.</summary>
    internal abstract string? StemWeightKey { get; }

    /// <summary>
    /// Prefixes of keys that the full architecture's state dicts carry but this module has not built (the
    /// classifier, layers after <see cref="ReturnLayer"/>): such keys are ignored on load, not unexpected.
    /// </summary>
    internal abstract IReadOnlyList<string> OmittedPrefixes { get; }

    /// <summary>Checks the input's channel count and repeats a 1-channel input when configured to.</summary>
    private protected Tensor AdaptInput(Tensor input)
    {
        if (input.dim() != 4)
            throw new UserErrorException($"The {Architecture} backbone expects images [N, C, H, W]; got a tensor of shape [{string.Join(", ", input.shape)}].");
        if (input.shape[1] != InputChannels)
            throw new UserErrorException($"The {Architecture} backbone was built for {InputChannels}-channel inputs but got {input.shape[1]} channels.");
        return repeatInput ? input.expand(-1, 3, -1, -1) : input;
    }

    /// <summary>True when <paramref name="key"/> equals a prefix or starts with it followed by a dot.</summary>
    internal static bool HasPrefix(string key, string prefix) =>
        prefix.Length == 0 || key == prefix || (key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal) && key[prefix.Length] == '.');
}
