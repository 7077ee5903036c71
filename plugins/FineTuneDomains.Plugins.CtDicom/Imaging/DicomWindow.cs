using System.Globalization;
using FineTuneDomains.Core;
using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Imaging;

/// <summary>
/// A VOI window over modality values (HU for CT): centre and width as in Window Center/Width (0028,1050/1051).
/// <see cref="Apply(float)"/> uses the DICOM linear function (PS3.3 C.11.2.1.2) and maps to 0..1.
/// </summary>
public readonly record struct DicomWindow(double Center, double Width, string Name = "")
{
    /// <summary>Named CT presets (width/centre in HU), as radiologists use them.</summary>
    public static IReadOnlyDictionary<string, DicomWindow> Presets { get; } = new Dictionary<string, DicomWindow>(StringComparer.OrdinalIgnoreCase)
    {
        ["lung"] = new(-600, 1500, "lung"),
        ["mediastinum"] = new(50, 350, "mediastinum"),
        ["soft-tissue"] = new(40, 400, "soft-tissue"),
        ["liver"] = new(90, 150, "liver"),
        ["bone"] = new(500, 2000, "bone"),
        ["brain"] = new(40, 80, "brain"),
    };

    /// <summary>
    /// A preset name ("lung", "soft-tissue", "soft_tissue"), or "WIDTH/CENTER" in modality units
    /// (e.g. "1500/-600"). Unknown names are a <see cref="UserErrorException"/> listing the presets.
    /// </summary>
    public static DicomWindow Parse(string text)
    {
        var t = text.Trim();
        if (Presets.TryGetValue(t.Replace('_', '-').Replace(' ', '-'), out var w)) return w;
        var parts = t.Split('/');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var width)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var center))
        {
            if (!(width >= 1)) throw new UserErrorException($"window '{text}': width must be at least 1");
            return new DicomWindow(center, width, t);
        }
        throw new UserErrorException($"unknown window '{text}': use one of {string.Join(", ", Presets.Keys)}, 'file' or WIDTH/CENTER such as 1500/-600");
    }

    /// <summary>The file's own windows (Window Center/Width pairs), in file order; empty if it has none.</summary>
    public static IReadOnlyList<DicomWindow> FromDataset(DicomDataset ds)
    {
        var c = ds.GetNumbers(DicomTag.WindowCenter);
        var w = ds.GetNumbers(DicomTag.WindowWidth);
        var names = ds.GetStrings(DicomTag.WindowCenterWidthExplanation);
        var r = new List<DicomWindow>();
        for (int i = 0; i < Math.Min(c.Length, w.Length); i++)
            if (w[i] >= 1) r.Add(new DicomWindow(c[i], w[i], i < names.Length && names[i].Length > 0 ? names[i] : $"file{i + 1}"));
        return r;
    }

    /// <summary>Maps one modality value to 0..1.</summary>
    public float Apply(float x)
    {
        double lo = Center - 0.5 - (Width - 1) / 2, hi = Center - 0.5 + (Width - 1) / 2;
        if (x <= lo) return 0f;
        if (x > hi) return 1f;
        return (float)((x - (Center - 0.5)) / (Width - 1) + 0.5);
    }

    /// <summary>Windows a whole image; invert for MONOCHROME1 so that high values still display bright.</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> dest, bool invert = false)
    {
        if (dest.Length < source.Length) throw new ArgumentException("destination too small", nameof(dest));
        for (int i = 0; i < source.Length; i++)
        {
            float y = Apply(source[i]);
            dest[i] = invert ? 1f - y : y;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Width}/{Center})");
}
