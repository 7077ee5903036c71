using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Plugins.CtDicom.Imaging;

namespace FineTuneDomains.Plugins.CtDicom.Plugin;

/// <summary>The experiment's <c>data.options</c> for CT: what an item is, which windows, what size.</summary>
internal sealed record CtDataOptions(string Input, IReadOnlyList<string> Windows, int Context, int Size, double? Spacing, int SeriesSlices)
{
    public const string Slice = "slice";
    public const string Slices25D = "2.5d";
    public const string Series = "series";

    public static IReadOnlyList<OptionSpec> Schema { get; } =
    [
        OptionSpec.Enum("input", Slice, "What one item is: a slice, a slice with its neighbours as channels (2.5d), or a whole series (slice features pooled by the head).", Slice, Slices25D, Series),
        OptionSpec.Strings("windows", ["lung", "mediastinum", "bone"], "Windows stacked as channels: presets (lung, mediastinum, soft-tissue, liver, bone, brain), WIDTH/CENTER, or file/file1/file2 for the file's own."),
        OptionSpec.Int("context", 1, "2.5d: neighbouring slices on each side.", 0, 8),
        OptionSpec.Int("size", 128, "Output rows and columns (after resampling, centre crop or pad with air).", 16, 1024),
        OptionSpec.Double("spacing", null, "In-plane target spacing in mm (null: fit the whole slice into size x size).", 0.05, 20),
        OptionSpec.Int("series_slices", 16, "series: slices sampled evenly along each series.", 1, 512),
    ];

    public static CtDataOptions From(Settings s)
    {
        var o = new CtDataOptions(s.GetString("input"), s.GetStrings("windows"), s.GetInt("context"), s.GetInt("size"),
            s.GetDoubleOrNull("spacing"), s.GetInt("series_slices"));
        if (o.Windows.Count == 0) throw new UserErrorException("data.options.windows needs at least one window");
        foreach (var w in o.Windows)
            if (!w.Trim().StartsWith("file", StringComparison.OrdinalIgnoreCase)) DicomWindow.Parse(w);
        return o;
    }

    /// <summary>Slices per item before windowing (the depth of a 2.5d stack, 1 otherwise; series vary).</summary>
    public int StackDepth => Input == Slices25D ? 2 * Context + 1 : 1;
}
