using FineTuneDomains.Core.Data;
using FineTuneDomains.Plugins.CtDicom.Dicom;
using FineTuneDomains.Plugins.CtDicom.Imaging;
using FineTuneDomains.Plugins.CtDicom.Synth;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

public sealed class SynthTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ftd-ct-synth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    internal static CtSynthOptions Small(int seed = 3) => new() { Seed = seed, Series = 4, SlicesPerSeries = 12, Size = 64 };

    [Fact]
    public void Generate_SameSeed_SameVolume_OtherSeed_Differs()
    {
        var a = new CtPhantomGenerator(Small()).Generate(1);
        var b = new CtPhantomGenerator(Small()).Generate(1);
        var c = new CtPhantomGenerator(Small(4)).Generate(1);
        Assert.Equal(a.Slices.SelectMany(s => s), b.Slices.SelectMany(s => s));
        Assert.NotEqual(a.Slices[0], c.Slices[0]);
    }

    [Fact]
    public void Generate_Anatomy_HasRealisticHounsfieldUnits()
    {
        var g = new CtPhantomGenerator(Small() with { NoiseHU = 0, Size = 160 });
        var v = g.Generate(0);
        int n = v.Size;
        var chest = v.Slices[^1];
        var abdomen = v.Slices[0];
        Assert.Equal(-1000f, chest[0], 1); // corner: air
        Assert.True(chest.Count(h => h < -700) > chest.Count(h => h < -950) + n * n / 20, "chest slice should contain lung");
        Assert.True(chest.Max() > 500, "bone (spine, ribs) above 500 HU");
        Assert.Contains(abdomen, h => h is > 55 and < 65); // liver
        Assert.Contains(abdomen, h => h is > -110 and < -90); // fat
    }

    [Fact]
    public void Generate_LesionSubjects_LabelTheSlicesTheLesionCrosses()
    {
        var g = new CtPhantomGenerator(Small());
        var withLesion = Enumerable.Range(0, 4).Where(g.HasLesion).ToList();
        Assert.Equal(2, withLesion.Count);
        foreach (var s in Enumerable.Range(0, 4))
        {
            var v = g.Generate(s);
            Assert.Equal(withLesion.Contains(s), v.Lesion is not null);
            Assert.Equal(v.Lesion is not null, v.LesionInSlice.Any(x => x));
        }
    }

    [Fact]
    public void Generate_LabelledSlices_ShowTheLesionAtItsCentre()
    {
        var g = new CtPhantomGenerator(Small() with { Series = 6, NoiseHU = 0, Size = 160, SlicesPerSeries = 20 });
        int checkedLesions = 0;
        foreach (var s in Enumerable.Range(0, 6).Where(g.HasLesion))
        {
            var v = g.Generate(s);
            var l = v.Lesion!;
            int k = Array.IndexOf(v.SliceZ, l.Z);
            Assert.True(v.LesionInSlice[k]);
            int col = (int)((l.X + 180) / v.PixelSpacing), row = (int)((l.Y + 180) / v.PixelSpacing);
            double organ = l.Organ == "lung" ? -860 : 60;
            Assert.True(Math.Abs(v.Slices[k][row * v.Size + col] - l.HU) < Math.Abs(organ - l.HU) / 2,
                $"subject {s}: {l.Organ} lesion of {l.HU:0} HU shows {v.Slices[k][row * v.Size + col]:0} HU at its centre");
            checkedLesions++;
        }
        Assert.Equal(3, checkedLesions);
    }

    [Fact]
    public void WriteDataset_SeriesReadBack_HuAndGeometryMatch()
    {
        var g = new CtPhantomGenerator(Small());
        var manifest = g.WriteDataset(_dir);
        Assert.Equal(4 * 12, manifest.Items.Count);
        Assert.Equal(manifest.ManifestSha256, DatasetManifest.Load(Path.Combine(_dir, "manifest.json")).ManifestSha256);
        var v = g.Generate(2);
        var file = DicomFile.Open(Path.Combine(_dir, "series_002", "slice_005.dcm"));
        Assert.Equal(CtPhantomGenerator.CtImageStorage, file.Dataset.GetString(DicomTag.SOPClassUID));
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        var hu = ModalityLut.FromDataset(file.Dataset).Apply(file.GetPixelData().ReadFrame(0));
        for (int i = 0; i < hu.Length; i++) Assert.Equal(Math.Round(Math.Clamp(v.Slices[5][i], -1024, 3071)), hu[i]);
        Assert.Equal(v.SliceZ[5], file.Dataset.GetNumber(DicomTag.ImagePositionPatient, 2));
        Assert.True(file.Dataset.GetString(DicomTag.SeriesInstanceUID)!.Length <= 64);
        var other = DicomFile.Open(Path.Combine(_dir, "series_002", "slice_006.dcm")).Dataset;
        Assert.Equal(file.Dataset.GetString(DicomTag.SeriesInstanceUID), other.GetString(DicomTag.SeriesInstanceUID));
        Assert.NotEqual(file.Dataset.GetString(DicomTag.SOPInstanceUID), other.GetString(DicomTag.SOPInstanceUID));
        Assert.Equal(["train", "val", "test"], manifest.SplitNames());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SplitOf_TenSubjects_ValAndTestHaveBothLabels(int seed)
    {
        var g = new CtPhantomGenerator(new CtSynthOptions { Seed = seed, Series = 10 });
        foreach (var split in new[] { "val", "test" })
        {
            var subjects = Enumerable.Range(0, 10).Where(s => g.SplitOf(s) == split).ToList();
            Assert.Equal(2, subjects.Count);
            Assert.Contains(subjects, g.HasLesion);
            Assert.Contains(subjects, s => !g.HasLesion(s));
        }
    }
}
