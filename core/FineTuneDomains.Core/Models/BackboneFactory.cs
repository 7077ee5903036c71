using static TorchSharp.torch;

namespace FineTuneDomains.Core.Models;

/// <summary>Builds backbones by name and loads their pretrained weights.</summary>
public static class BackboneFactory
{
    /// <summary>The backbone names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["resnet18", "resnet34", "resnet50", SmallCnnBackbone.Name, IdentityBackbone.Name];

    /// <summary>
    /// Builds the backbone <paramref name="spec"/> names, loads its pretrained weights and returns it with its input
    /// normalisation and load report. <c>pretrained</c> may also be one of our own checkpoints (<c>.ckpt</c>), whose
    /// <c>backbone.</c> keys are loaded. <c>resnet18</c> with <c>pretrained: imagenet</c> is the ResNet of the ONNX
    /// package, whose last layer has 3 blocks instead of 2 (architecture <c>resnet18-2223</c>). Mistakes in the spec
    /// or the file throw <see cref="UserErrorException"/> (<see cref="DataFormatException"/> for unreadable files).
    /// </summary>
    public static CreatedBackbone Create(BackboneSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string name = Canonical(spec.Name);
        if (!Names.Contains(name))
            throw new UserErrorException($"Unknown backbone '{spec.Name}': use one of {string.Join(", ", Names)}.");
        if (spec.InChannels < 1)
            throw new UserErrorException($"Input channels must be at least 1 (got {spec.InChannels}).");
        string pretrained = spec.Pretrained?.Trim() ?? "";
        bool none = pretrained.Length == 0 || pretrained.Equals("none", StringComparison.OrdinalIgnoreCase);
        bool imagenet = pretrained.Equals("imagenet", StringComparison.OrdinalIgnoreCase);

        if (name == IdentityBackbone.Name)
        {
            if (!none) throw new UserErrorException($"Backbone 'none' has no weights; remove pretrained: {pretrained}.");
            return new CreatedBackbone(new IdentityBackbone(spec.InChannels), spec.Normalization ?? Centered(spec.InChannels), null);
        }
        if (none)
            return new CreatedBackbone(Build(name, spec, bnEps: 1e-5), spec.Normalization ?? Centered(spec.InChannels), null);
        if (imagenet)
        {
            if (name != "resnet18")
                throw new UserErrorException($"pretrained: imagenet exists offline for resnet18 only, not {name}; give a .safetensors or .pt file for {name}.");
            return CreateImageNet(spec);
        }
        return CreateFromFile(name, spec, Path.GetFullPath(pretrained));
    }

    private static CreatedBackbone CreateImageNet(BackboneSpec spec)
    {
        using var weights = ImageNetResNet18Source.Load(spec.ImageNetPackagePath, spec.CacheDirectory, out var cachePath);
        var model = Build(ImageNetResNet18Source.Architecture, spec, weights.BatchNormEpsilon);
        try
        {
            var report = WeightLoader.Load(model, weights.State, ImageNetResNet18Source.Describe(cachePath), spec.Strict);
            var normalization = spec.Normalization ?? InputNormalization.FromMean255(weights.MeanRgb255,
                "ImageNet ResNet-18 (ONNX): 255·x minus the per-channel mean of its mean image, RGB");
            return new CreatedBackbone(model, normalization.ForChannels(spec.InChannels == 1 ? 1 : normalization.Channels), report);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static CreatedBackbone CreateFromFile(string name, BackboneSpec spec, string path)
    {
        // Our own checkpoints hold a whole FineTuneModel: its backbone's keys start with "backbone.".
        bool own = StateDictFiles.IsOwnCheckpoint(path);
        var state = own ? Training.Checkpoint.ReadTensors(path) : StateDictFiles.Read(path);
        var outside = new List<string>();
        var selected = state;
        string? prefix = spec.SourcePrefix ?? (own ? "backbone." : null);
        if (!string.IsNullOrEmpty(prefix))
        {
            selected = state.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
            outside.AddRange(state.Keys.Where(k => !k.StartsWith(prefix, StringComparison.Ordinal)));
            if (selected.Count == 0)
            {
                foreach (var tensor in state.Values) tensor.Dispose();
                throw new UserErrorException($"No key of {path} starts with the source prefix '{prefix}'; its keys start with: {string.Join(", ", state.Keys.Select(k => k.Split('.')[0]).Distinct().Take(8))}.");
            }
        }
        var model = Build(name, spec, bnEps: 1e-5);
        try
        {
            var report = WeightLoader.Load(model, selected, path, spec.Strict, outside);
            var normalization = spec.Normalization ?? InputNormalization.ImageNet;
            return new CreatedBackbone(model, normalization.ForChannels(spec.InChannels == 1 ? 1 : normalization.Channels), report);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
    }

    private static InputNormalization Centered(int channels) =>
        channels == 3 ? InputNormalization.Centered : new(Enumerable.Repeat(0.5f, channels).ToArray(), Enumerable.Repeat(0.5f, channels).ToArray(), "centred (x - 0.5) / 0.5");

    /// <summary>
    /// Builds a freshly initialised backbone of a canonical architecture name. Its tensors are detached from any
    /// dispose scope the caller is in, so that the module outlives it.
    /// </summary>
    internal static Backbone Build(string architecture, BackboneSpec spec, double bnEps)
    {
        var model = Construct(architecture, spec, bnEps);
        foreach (var (_, parameter) in model.named_parameters()) parameter.DetachFromDisposeScope();
        foreach (var (_, buffer) in model.named_buffers()) buffer.DetachFromDisposeScope();
        return model;
    }

    private static Backbone Construct(string architecture, BackboneSpec spec, double bnEps) => architecture switch
    {
        "resnet18" => new ResNetBackbone("resnet18", false, [2, 2, 2, 2], spec.InChannels, spec.OneChannel, spec.ReturnLayer, bnEps),
        "resnet34" => new ResNetBackbone("resnet34", false, [3, 4, 6, 3], spec.InChannels, spec.OneChannel, spec.ReturnLayer, bnEps),
        "resnet50" => new ResNetBackbone("resnet50", true, [3, 4, 6, 3], spec.InChannels, spec.OneChannel, spec.ReturnLayer, bnEps),
        ImageNetResNet18Source.Architecture => new ResNetBackbone(architecture, false, OnnxResNetImporter.ExpectedBlocks, spec.InChannels, spec.OneChannel, spec.ReturnLayer, bnEps),
        SmallCnnBackbone.Name => new SmallCnnBackbone(spec.InChannels, spec.OneChannel, spec.ReturnLayer),
        _ => throw new UserErrorException($"Unknown backbone '{architecture}': use one of {string.Join(", ", Names)}."),
    };

    /// <summary>Lower case, '-' as '_': "Small-CNN" is small_cnn.</summary>
    private static string Canonical(string? name) => (name ?? "").Trim().ToLowerInvariant().Replace('-', '_');
}
