using FineTuneDomains.Plugins.CtDicom.Dicom;
using FineTuneDomains.Plugins.CtDicom.Series;
using FineTuneDomains.Plugins.CtDicom.Synth;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

public sealed class SeriesTests : IDisposable
{
    private readonly string _synth = Path.Combine(Path.GetTempPath(), "ftd-ct-series-src-" + Guid.NewGuid().ToString("N"));
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ftd-ct-series-" + Guid.NewGuid().ToString("N"));

    public SeriesTests()
    {
        new CtPhantomGenerator(new CtSynthOptions { Seed = 5, Series = 2, SlicesPerSeries = 8, Size = 32 }).WriteDataset(_synth);
        Directory.CreateDirectory(_dir);
    }

    public void Dispose()
    {
        foreach (var d in new[] { _synth, _dir }) if (Directory.Exists(d)) Directory.Delete(d, true);
    }

    /// <summary>Copies synthetic slices into one flat folder under scrambled names without extensions.</summary>
    private void CopyMixed(Func<int, int, bool>? keep = null)
    {
        for (int s = 0; s < 2; s++)
            for (int k = 0; k < 8; k++)
                if (keep?.Invoke(s, k) ?? true)
                    File.Copy(Path.Combine(_synth, $"series_{s:000}", $"slice_{k:000}.dcm"), Path.Combine(_dir, $"IM{(k * 7 + s * 3) % 16:00}_{s}{k}"));
    }

    [Fact]
    public void Scan_MixedFolderWithoutExtensions_GroupsAndSortsBySeriesAndPosition()
    {
        CopyMixed();
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "not dicom");
        var result = DicomSeriesScanner.Scan(_dir);
        Assert.Equal(2, result.Series.Count);
        Assert.Single(result.NotDicom);
        foreach (var s in result.Series)
        {
            Assert.True(s.SortedGeometrically);
            Assert.Empty(s.Warnings);
            Assert.Equal(8, s.Slices.Count);
            Assert.Equal(2.5, s.SliceSpacing!.Value, 6);
            var z = s.Slices.Select(x => DicomFile.Open(x.Path).Dataset.GetNumber(DicomTag.ImagePositionPatient, 2)!.Value).ToList();
            Assert.Equal(z.OrderBy(v => v), z);
            Assert.Equal("CT", s.Modality);
        }
        Assert.Single(DicomSeriesScanner.Select(result.Series, description: "phantom 1"));
        Assert.Equal(2, DicomSeriesScanner.Select(result.Series, modality: "ct").Count);
    }

    [Fact]
    public void Scan_MissingSliceAndDuplicate_ReportsGapAndDuplicate()
    {
        CopyMixed((s, k) => !(s == 0 && k == 4));
        File.Copy(Path.Combine(_synth, "series_001", "slice_002.dcm"), Path.Combine(_dir, "copy_of_slice"));
        var result = DicomSeriesScanner.Scan(_dir);
        var s0 = result.Series.Single(s => s.Description.StartsWith("Phantom 0", StringComparison.Ordinal));
        var s1 = result.Series.Single(s => s.Description.StartsWith("Phantom 1", StringComparison.Ordinal));
        Assert.Contains(s0.Warnings, w => w.StartsWith("gap of 5 mm", StringComparison.Ordinal) && w.Contains("1 slice(s) missing"));
        Assert.Contains(s1.Warnings, w => w.StartsWith("duplicate position", StringComparison.Ordinal));
        Assert.Equal(9, s1.Slices.Count);
    }

    [Fact]
    public void Scan_NoPositions_FallsBackToInstanceNumberWithWarning()
    {
        for (int i = 0; i < 3; i++) File.WriteAllBytes(Path.Combine(_dir, $"x{i}.dcm"), Slice("1.2.3.4", instance: 3 - i, position: null, rows: 4));
        var s = Assert.Single(DicomSeriesScanner.Scan(_dir).Series);
        Assert.False(s.SortedGeometrically);
        Assert.Contains(s.Warnings, w => w.Contains("Instance Number"));
        Assert.Equal([1, 2, 3], s.Slices.Select(x => x.InstanceNumber!.Value));
    }

    [Fact]
    public void Scan_MixedOrientationAndSizes_Reported()
    {
        File.WriteAllBytes(Path.Combine(_dir, "a"), Slice("1.2.3.5", 1, [0, 0, 0], 4));
        File.WriteAllBytes(Path.Combine(_dir, "b"), Slice("1.2.3.5", 2, [0, 0, 1], 6));
        File.WriteAllBytes(Path.Combine(_dir, "c"), Slice("1.2.3.5", 3, [0, 0, 2], 4, orientation: [0, 1, 0, 0, 0, -1]));
        File.WriteAllBytes(Path.Combine(_dir, "broken.dcm"), Slice("1.2.3.5", 4, [0, 0, 3], 4)[..200]);
        var result = DicomSeriesScanner.Scan(_dir);
        var s = Assert.Single(result.Series);
        Assert.Contains(s.Warnings, w => w.StartsWith("mixed image sizes", StringComparison.Ordinal));
        Assert.Contains(s.Warnings, w => w == "mixed image orientations");
        Assert.Contains("broken.dcm", Assert.Single(result.Unreadable).Message);
    }

    internal static byte[] Slice(string seriesUid, int instance, double[]? position, int rows, double[]? orientation = null)
    {
        var w = new DicomWriter()
            .Add(DicomTag.SOPClassUID, "UI", CtPhantomGenerator.CtImageStorage)
            .Add(DicomTag.SOPInstanceUID, "UI", $"{seriesUid}.{instance}")
            .Add(DicomTag.Modality, "CS", "CT")
            .Add(DicomTag.SeriesInstanceUID, "UI", seriesUid)
            .Add(DicomTag.InstanceNumber, "IS", instance)
            .Add(DicomTag.Rows, "US", rows).Add(DicomTag.Columns, "US", 4)
            .Add(DicomTag.BitsAllocated, "US", 16).Add(DicomTag.BitsStored, "US", 16).Add(DicomTag.HighBit, "US", 15)
            .Add(DicomTag.PixelRepresentation, "US", 0).Add(DicomTag.SamplesPerPixel, "US", 1)
            .Add(DicomTag.PhotometricInterpretation, "CS", "MONOCHROME2")
            .AddRaw(DicomTag.PixelData, "OW", new byte[rows * 4 * 2]);
        if (position is not null)
            w.Add(DicomTag.ImagePositionPatient, "DS", position).Add(DicomTag.ImageOrientationPatient, "DS", orientation ?? [1, 0, 0, 0, 1, 0]);
        return w.ToPart10(CtPhantomGenerator.CtImageStorage, $"{seriesUid}.{instance}");
    }
}
