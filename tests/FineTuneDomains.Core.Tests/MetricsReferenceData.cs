using System.Text.Json;

namespace FineTuneDomains.Core.Tests;

/// <summary>Finds and reads the committed reference files under tests/data/ (made by the scripts beside them).</summary>
internal static class MetricsReferenceData
{
    /// <summary>Absolute path of a file under tests/data/, found by walking up from the test assembly.</summary>
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "data", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"tests/data/{relative} not found above {AppContext.BaseDirectory}");
    }

    public static JsonElement Load(string relative) => JsonDocument.Parse(File.ReadAllText(PathOf(relative))).RootElement;

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    public static double[][] DoubleRows(this JsonElement e) => e.EnumerateArray().Select(Doubles).ToArray();

    public static int[][] IntRows(this JsonElement e) => e.EnumerateArray().Select(Ints).ToArray();

    /// <summary>Asserts a defined value close to the expected one (absolute tolerance).</summary>
    public static void Near(double expected, double? actual, double tolerance = 1e-12)
    {
        Assert.True(actual.HasValue, $"expected {expected}, got an undefined value");
        Assert.True(Math.Abs(expected - actual!.Value) <= tolerance, $"expected {expected:R}, got {actual.Value:R} (tolerance {tolerance})");
    }
}
