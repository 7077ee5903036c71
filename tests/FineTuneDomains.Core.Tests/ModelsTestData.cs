namespace FineTuneDomains.Core.Tests;

/// <summary>Paths of the Models test fixtures (tests/data/models, made by make_fixtures.py there).</summary>
internal static class ModelsTestData
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "data", "models");
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FineTuneDomains.sln")) && Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/data/models not found above " + AppContext.BaseDirectory);
    });

    internal static string SmallCnnPt => Path("small_cnn.pt");
    internal static string SmallCnnSafetensors => Path("small_cnn.safetensors");
    internal static string SmallCnnInputOutput => Path("small_cnn_io.pt");
    internal static string SmallCnnMismatched => Path("small_cnn_mismatched.pt");
    internal static string TorchvisionKeys => Path("torchvision_resnet_keys.txt");

    internal static string Path(string name) => System.IO.Path.Combine(Folder.Value, name);

    /// <summary>A fresh temporary folder, deleted when disposed.</summary>
    internal static TempFolder Temp() => new();

    internal sealed class TempFolder : IDisposable
    {
        internal TempFolder()
        {
            FullName = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ftd-models-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(FullName);
        }

        internal string FullName { get; }

        public void Dispose()
        {
            try { Directory.Delete(FullName, recursive: true); } catch (IOException) { }
        }
    }
}
