using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Imaging;

/// <summary>
/// Several windows of one image stacked as channels (channel-major, C × H × W), the usual way to give a
/// single-channel CT slice to an ImageNet backbone (e.g. lung, mediastinum, bone as R, G, B).
/// </summary>
public static class WindowStack
{
    /// <summary>Windows modality values (H × W) into a new C × H × W array in 0..1.</summary>
    public static float[] Apply(ReadOnlySpan<float> modality, IReadOnlyList<DicomWindow> windows, bool invert = false)
    {
        if (windows.Count == 0) throw new ArgumentException("at least one window is needed", nameof(windows));
        var r = new float[modality.Length * windows.Count];
        for (int c = 0; c < windows.Count; c++)
            windows[c].Apply(modality, r.AsSpan(c * modality.Length, modality.Length), invert);
        return r;
    }

    /// <summary>
    /// Resolves window names: presets, WIDTH/CENTER, or "file" / "file1", "file2"… for the file's own windows
    /// (a file without windows falls back to soft-tissue for "file").
    /// </summary>
    public static IReadOnlyList<DicomWindow> Resolve(IEnumerable<string> names, DicomDataset? dataset)
    {
        var own = dataset is null ? [] : DicomWindow.FromDataset(dataset);
        var r = new List<DicomWindow>();
        foreach (var n in names)
        {
            var t = n.Trim().ToLowerInvariant();
            if (t.StartsWith("file", StringComparison.Ordinal))
            {
                int idx = t.Length == 4 ? 0 : int.TryParse(t[4..], out var k) ? k - 1 : -1;
                if (idx < 0) throw new FineTuneDomains.Core.UserErrorException($"window '{n}': use file, file1, file2…");
                r.Add(idx < own.Count ? own[idx] : DicomWindow.Presets["soft-tissue"]);
            }
            else r.Add(DicomWindow.Parse(n));
        }
        return r;
    }
}
