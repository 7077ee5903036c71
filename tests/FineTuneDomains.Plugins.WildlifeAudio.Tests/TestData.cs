namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

/// <summary>Resolves committed test files (tests/data/wildlife-audio, copied beside the test assembly).</summary>
internal static class TestData
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "data");

    public static string Path_(string relative) => Path.Combine(Root, relative);

    public static string Format(string name) => Path.Combine(Root, "formats", name);

    public static string Broken(string name) => Path.Combine(Root, "broken", name);

    public static string Reference(string name) => Path.Combine(Root, "reference", name);

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ftd-wildlife-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
