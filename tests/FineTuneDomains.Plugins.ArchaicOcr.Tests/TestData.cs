namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

/// <summary>Resolves committed test files (tests/data/archaic-ocr, copied to the output folder).</summary>
internal static class TestData
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "data", "archaic-ocr");

    public static string File(string relative) => Path.Combine(Root, relative);
}
