namespace FineTuneDomains.Core.Models;

/// <summary>What backbone to build (the experiment file's <c>model</c> section).</summary>
public sealed record BackboneSpec
{
    /// <summary><c>resnet18</c>, <c>resnet34</c>, <c>resnet50</c>, <c>small_cnn</c> or <c>none</c> (see <see cref="BackboneFactory.Names"/>).</summary>
    public string Name { get; init; } = "resnet18";

    /// <summary>
    /// <c>none</c> (or null: fresh initialisation), <c>imagenet</c> (ResNet-18 only, from the ONNX package), or the
    /// path of a PyTorch state dict (<c>torch.save</c> zip file), a safetensors file or one of our checkpoints (<c>.ckpt</c>). Relative paths are taken from
    /// the current directory: the host resolves them against the experiment file first.
    /// </summary>
    public string? Pretrained { get; init; }

    /// <summary>Channels of the input images: 3, or 1 (spectrograms, CT, text lines; see <see cref="OneChannel"/>).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>How 1-channel inputs use a 3-channel stem.</summary>
    public OneChannelMode OneChannel { get; init; } = OneChannelMode.Sum;

    /// <summary>Last layer run: <c>stem</c>, <c>layer1</c> … <c>layer4</c>.</summary>
    public string ReturnLayer { get; init; } = "layer4";

    /// <summary>Refuse a pretrained file with missing, unexpected or mis-shaped keys (otherwise load the rest).</summary>
    public bool Strict { get; init; } = true;

    /// <summary>
    /// Use only the pretrained file's keys that start with this prefix, with the prefix removed (e.g.
    /// <c>backbone.</c> for a whole-model checkpoint); the other keys are ignored. Null: every key of a PyTorch or
    /// safetensors file, the <c>backbone.</c> keys of our own checkpoints.
    /// </summary>
    public string? SourcePrefix { get; init; }

    /// <summary>Overrides the input normalisation that goes with the weights (e.g. for a file trained with other statistics).</summary>
    public InputNormalization? Normalization { get; init; }

    /// <summary>Folder of the Microsoft.ML.DnnImageFeaturizer.ResNet18 package; null: the NuGet packages folder.</summary>
    public string? ImageNetPackagePath { get; init; }

    /// <summary>Cache folder for imported weights; null: <c>FTD_CACHE</c>, else <c>~/.cache/ftd</c>.</summary>
    public string? CacheDirectory { get; init; }
}
