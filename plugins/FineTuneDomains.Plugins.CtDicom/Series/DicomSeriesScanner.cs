using System.Globalization;
using FineTuneDomains.Core;
using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Series;

/// <summary>
/// Groups the DICOM files of a folder (any extension, several series mixed, as PACS exports come) by Series
/// Instance UID and orders each series geometrically: Image Position (Patient) projected on the normal of
/// Image Orientation (Patient), falling back to Instance Number with a warning.
/// </summary>
public static class DicomSeriesScanner
{
    /// <summary>Positions closer than this (mm) along the normal are the same slice.</summary>
    public const double DuplicateTolerance = 1e-3;

    /// <summary>The result of a scan: series, plus files that were skipped or could not be read.</summary>
    public sealed record ScanResult(IReadOnlyList<DicomSeries> Series, IReadOnlyList<string> NotDicom, IReadOnlyList<DataFormatException> Unreadable);

    /// <summary>Scans a folder (recursively) and groups its DICOM files into series.</summary>
    public static ScanResult Scan(string folder, bool recursive = true)
    {
        if (!Directory.Exists(folder)) throw new UserErrorException($"{folder}: folder not found");
        var files = Directory.EnumerateFiles(folder, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        var notDicom = new List<string>();
        var bad = new List<DataFormatException>();
        var groups = new Dictionary<string, List<(DicomSlice Slice, DicomDataset Ds)>>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            if (Path.GetFileName(f).Equals("DICOMDIR", StringComparison.OrdinalIgnoreCase) || !DicomFile.LooksLikeDicom(f))
            {
                notDicom.Add(f);
                continue;
            }
            try
            {
                var ds = DicomFile.Open(f).Dataset;
                var uid = ds.GetString(DicomTag.SeriesInstanceUID);
                if (string.IsNullOrEmpty(uid)) throw new DataFormatException(f, "has no Series Instance UID (0020,000E)");
                var pos = ds.GetNumbers(DicomTag.ImagePositionPatient);
                var ori = ds.GetNumbers(DicomTag.ImageOrientationPatient);
                var slice = new DicomSlice(f, ds.GetInt(DicomTag.InstanceNumber), pos.Length == 3 ? pos : null,
                    ori.Length == 6 ? ori : null, ds.GetInt(DicomTag.Rows) ?? 0, ds.GetInt(DicomTag.Columns) ?? 0,
                    Math.Max(1, ds.GetInt(DicomTag.NumberOfFrames) ?? 1));
                if (!groups.TryGetValue(uid, out var list)) groups[uid] = list = [];
                list.Add((slice, ds));
            }
            catch (DataFormatException e) { bad.Add(e); }
        }
        var series = groups.Select(g => Build(g.Key, g.Value)).OrderBy(s => s.Description, StringComparer.Ordinal)
            .ThenBy(s => s.SeriesInstanceUid, StringComparer.Ordinal).ToList();
        return new ScanResult(series, notDicom, bad);
    }

    /// <summary>Series whose UID equals, or whose description or modality contains, the given text (case-insensitive).</summary>
    public static IReadOnlyList<DicomSeries> Select(IEnumerable<DicomSeries> series, string? uid = null, string? description = null, string? modality = null) =>
        series.Where(s => (uid is null || s.SeriesInstanceUid == uid)
            && (description is null || s.Description.Contains(description, StringComparison.OrdinalIgnoreCase))
            && (modality is null || s.Modality.Equals(modality, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Orders the slices of one series and checks its geometry.</summary>
    internal static DicomSeries Build(string uid, IReadOnlyList<(DicomSlice Slice, DicomDataset Ds)> members)
    {
        var warnings = new List<string>();
        var first = members[0].Ds;
        var slices = members.Select(m => m.Slice).ToList();

        var sizes = slices.Select(s => (s.Rows, s.Columns)).Distinct().ToList();
        if (sizes.Count > 1) warnings.Add("mixed image sizes: " + string.Join(", ", sizes.Select(s => $"{s.Rows}x{s.Columns}")));

        bool geometric = slices.All(s => s.Position is not null && s.Orientation is not null);
        double[]? normal = null;
        if (geometric)
        {
            normal = Normal(slices[0].Orientation!);
            if (normal is null) { geometric = false; warnings.Add("image orientation is degenerate"); }
            else if (slices.Any(s => !SameOrientation(s.Orientation!, slices[0].Orientation!)))
            {
                geometric = false;
                warnings.Add("mixed image orientations");
            }
        }
        else if (slices.Count > 1)
            warnings.Add("some files lack Image Position/Orientation (Patient)");

        double? spacing = null;
        if (geometric)
        {
            slices = slices.Select(s => s with { Location = Dot(s.Position!, normal!) })
                .OrderBy(s => s.Location).ThenBy(s => s.InstanceNumber ?? 0).ToList();
            var gaps = new List<double>();
            for (int i = 1; i < slices.Count; i++)
            {
                double d = slices[i].Location!.Value - slices[i - 1].Location!.Value;
                if (d < DuplicateTolerance)
                    warnings.Add(string.Create(CultureInfo.InvariantCulture, $"duplicate position {slices[i].Location:0.###} mm: {Path.GetFileName(slices[i - 1].Path)} and {Path.GetFileName(slices[i].Path)}"));
                else gaps.Add(d);
            }
            if (gaps.Count > 0)
            {
                var sorted = gaps.OrderBy(g => g).ToList();
                spacing = sorted[sorted.Count / 2];
                for (int i = 1; i < slices.Count; i++)
                {
                    double d = slices[i].Location!.Value - slices[i - 1].Location!.Value;
                    if (d > 1.5 * spacing.Value)
                        warnings.Add(string.Create(CultureInfo.InvariantCulture,
                            $"gap of {d:0.###} mm (spacing {spacing:0.###} mm) between {slices[i - 1].Location:0.###} and {slices[i].Location:0.###} mm: about {Math.Round(d / spacing.Value) - 1} slice(s) missing"));
                    else if (Math.Abs(d - spacing.Value) > 0.1 * spacing.Value)
                        warnings.Add(string.Create(CultureInfo.InvariantCulture, $"uneven spacing {d:0.###} mm at {slices[i].Location:0.###} mm"));
                }
            }
        }
        else
        {
            if (slices.Count > 1) warnings.Add("sorted by Instance Number instead of position");
            slices = slices.OrderBy(s => s.InstanceNumber ?? int.MaxValue).ThenBy(s => s.Path, StringComparer.Ordinal).ToList();
            var dupes = slices.Where(s => s.InstanceNumber is not null).GroupBy(s => s.InstanceNumber).Where(g => g.Count() > 1);
            foreach (var d in dupes) warnings.Add($"duplicate Instance Number {d.Key}");
        }
        return new DicomSeries(uid, first.GetString(DicomTag.SeriesDescription) ?? "", first.GetString(DicomTag.Modality) ?? "",
            slices, spacing, geometric, warnings);
    }

    private static double[]? Normal(double[] o)
    {
        double[] n = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
        double len = Math.Sqrt(Dot(n, n));
        if (len < 1e-6) return null;
        return [n[0] / len, n[1] / len, n[2] / len];
    }

    private static bool SameOrientation(double[] a, double[] b)
    {
        for (int i = 0; i < 6; i++) if (Math.Abs(a[i] - b[i]) > 1e-4) return false;
        return true;
    }

    private static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
