using System.Security.Cryptography;
using FineTuneDomains.Core.Data;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Models;

/// <summary>
/// <c>pretrained: imagenet</c>: the ImageNet ResNet-18 shipped as ONNX in the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, imported once (<see cref="OnnxResNetImporter"/>) and cached.
/// <para>
/// Cache format: a safetensors file (<c>{cache}/models/resnet18-2223-imagenet-onnx-0.23.1.safetensors</c>, cache
/// = <c>FTD_CACHE</c>, else <c>~/.cache/ftd</c>) holding the backbone's state dict under torchvision key names
/// (stem input channels in RGB order) plus two float32 tensors: <c>__ftd__.bn_eps</c> [1] and
/// <c>__ftd__.input_mean_rgb255</c> [3], with a <c>.sha256</c> file beside it (sha256sum format). A cache that
/// fails its checksum or does not read is imported again and overwritten (atomically).
/// </para>
/// </summary>
internal static class ImageNetResNet18Source
{
    internal const string PackageId = "microsoft.ml.dnnimagefeaturizer.resnet18";
    internal const string PackageVersion = "0.23.1";
    internal const string Architecture = "resnet18-2223";
    internal const string CacheFileName = "resnet18-2223-imagenet-onnx-" + PackageVersion + ".safetensors";
    internal const string EpsKey = "__ftd__.bn_eps";
    internal const string MeanKey = "__ftd__.input_mean_rgb255";
    private const string TrunkFile = "ResNet18Onnx/ResNet18.onnx";
    private const string PreprocessFile = "ResNetPrepOnnx/ResNetPreprocess.onnx";

    /// <summary>Describes the source for reports.</summary>
    internal static string Describe(string cachePath) => $"imagenet (ONNX ResNet-18 of {PackageId} {PackageVersion}, cached at {cachePath})";

    /// <summary>The cache folder: <paramref name="explicitDir"/>, else <c>FTD_CACHE</c>, else <c>~/.cache/ftd</c>.</summary>
    internal static string CacheDirectory(string? explicitDir)
    {
        if (!string.IsNullOrWhiteSpace(explicitDir)) return Path.GetFullPath(explicitDir);
        var env = Environment.GetEnvironmentVariable("FTD_CACHE");
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ftd");
    }

    internal static string CachePath(string? cacheDir) => Path.Combine(CacheDirectory(cacheDir), "models", CacheFileName);

    /// <summary>
    /// The folder holding <c>ResNet18Onnx/</c> and <c>ResNetPrepOnnx/</c>. <paramref name="explicitPath"/> may be the
    /// package folder, its <c>tools/DnnImageModels</c> folder, or null to look in <c>NUGET_PACKAGES</c>, then
    /// <c>~/.nuget/packages</c>.
    /// </summary>
    internal static string FindModels(string? explicitPath)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var root = Path.GetFullPath(explicitPath);
            candidates.AddRange([root, Path.Combine(root, "DnnImageModels"), Path.Combine(root, "tools", "DnnImageModels")]);
            var found = candidates.FirstOrDefault(HasModels);
            return found ?? throw new UserErrorException($"No ImageNet ResNet-18 ONNX model under {root}: expected {TrunkFile} and {PreprocessFile} there or under tools/DnnImageModels/.");
        }
        var env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrWhiteSpace(env)) candidates.Add(Path.Combine(env, PackageId, PackageVersion, "tools", "DnnImageModels"));
        candidates.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", PackageId, PackageVersion, "tools", "DnnImageModels"));
        return candidates.FirstOrDefault(HasModels) ?? throw new UserErrorException(
            $"The ImageNet weights come from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 {PackageVersion}, which is not in the NuGet packages folder " +
            $"(looked in: {string.Join("; ", candidates)}). Run `dotnet restore` on the solution (core downloads it), or set NUGET_PACKAGES to a packages folder that holds it.");
    }

    private static bool HasModels(string dir) => File.Exists(Path.Combine(dir, TrunkFile)) && File.Exists(Path.Combine(dir, PreprocessFile));

    /// <summary>
    /// The imported weights: read from the cache, or imported from the package and cached. Tensors are created in
    /// the caller's dispose scope.
    /// </summary>
    internal static ImportedWeights Load(string? packagePath, string? cacheDir, out string cachePath)
    {
        cachePath = CachePath(cacheDir);
        var cached = TryReadCache(cachePath);
        if (cached is not null) return cached;

        var models = FindModels(packagePath);
        var imported = OnnxResNetImporter.Import(Path.Combine(models, TrunkFile), Path.Combine(models, PreprocessFile));
        WriteCache(cachePath, imported);
        return imported;
    }

    internal static ImportedWeights? TryReadCache(string path)
    {
        var hashPath = path + ".sha256";
        if (!File.Exists(path) || !File.Exists(hashPath)) return null;
        try
        {
            var expected = File.ReadAllText(hashPath).Split(' ', 2)[0].Trim();
            if (!string.Equals(expected, Sha256(path), StringComparison.OrdinalIgnoreCase)) return null;
            var state = Safetensors.LoadStateDict(path);
            if (!state.Remove(EpsKey, out var eps) || !state.Remove(MeanKey, out var mean) || eps.numel() != 1 || mean.numel() != 3)
            {
                foreach (var t in state.Values) t.Dispose();
                return null;
            }
            var weights = new ImportedWeights(state, eps.item<float>(), mean.data<float>().ToArray());
            eps.Dispose();
            mean.Dispose();
            return weights;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;   // unreadable: import again and overwrite
        }
    }

    private static void WriteCache(string path, ImportedWeights weights)
    {
        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor>(weights.State)
        {
            [EpsKey] = tensor(new[] { (float)weights.BatchNormEpsilon }),
            [MeanKey] = tensor(weights.MeanRgb255),
        };
        try
        {
            AtomicFile.Write(path, stream => Safetensors.SaveStateDict(stream, state, leaveOpen: true));
            AtomicFile.WriteAllText(path + ".sha256", $"{Sha256(path)}  {Path.GetFileName(path)}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache only costs the import on the next run; the weights in hand are fine.
            Console.Error.WriteLine($"warning: cannot cache the imported ImageNet weights at {path}: {e.Message}");
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
