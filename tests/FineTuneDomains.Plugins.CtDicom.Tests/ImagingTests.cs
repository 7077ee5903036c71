using FineTuneDomains.Core;
using FineTuneDomains.Plugins.CtDicom.Dicom;
using FineTuneDomains.Plugins.CtDicom.Imaging;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

public class ImagingTests
{
    [Fact]
    public void ModalityLut_CtCorpusFile_GivesHounsfieldUnits()
    {
        var file = DicomFile.Open(TestData.PathOf("ct16s_jpl70.dcm"));
        var lut = ModalityLut.FromDataset(file.Dataset);
        Assert.Equal(new ModalityLut(1, -1024, "HU"), lut);
        var hu = lut.Apply(file.GetPixelData().ReadAllFrames());
        var stored = TestData.Sources["ct16s"].ExpectedValues();
        for (int i = 0; i < stored.Length; i++) Assert.Equal(stored[i] - 1024, hu[i]);
        Assert.InRange(hu[1], -1030, -970); // corner: air
    }

    [Theory]
    [InlineData("lung", -600, 1500)]
    [InlineData("mediastinum", 50, 350)]
    [InlineData("soft-tissue", 40, 400)]
    [InlineData("soft_tissue", 40, 400)]
    [InlineData("liver", 90, 150)]
    [InlineData("bone", 500, 2000)]
    [InlineData("brain", 40, 80)]
    [InlineData("1500/-600", -600, 1500)]
    public void Parse_PresetOrWidthCenter_GivesWindow(string text, double center, double width)
    {
        var w = DicomWindow.Parse(text);
        Assert.Equal(center, w.Center);
        Assert.Equal(width, w.Width);
    }

    [Fact]
    public void Parse_UnknownName_ThrowsUserErrorListingPresets()
    {
        var ex = Assert.Throws<UserErrorException>(() => DicomWindow.Parse("kidney"));
        Assert.Contains("lung", ex.Message);
    }

    [Fact]
    public void Apply_DicomLinearFunction_MapsEdgesAndCentre()
    {
        var w = new DicomWindow(40, 400);
        Assert.Equal(0f, w.Apply(-160.5f));
        Assert.Equal(1f, w.Apply(239.6f));
        Assert.Equal(0.5f, w.Apply(39.5f), 5);
        var span = new float[] { -1000, 39.5f, 3000 };
        var dest = new float[3];
        w.Apply(span, dest, invert: true);
        Assert.Equal([1f, 0.5f, 0f], dest);
    }

    [Fact]
    public void Stack_ThreeWindows_ChannelMajorValuesPerWindow()
    {
        float[] hu = [-1000, -600, 40, 1000];
        var windows = WindowStack.Resolve(["lung", "soft-tissue", "bone"], null);
        var s = WindowStack.Apply(hu, windows);
        Assert.Equal(12, s.Length);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 4; i++)
                Assert.Equal(windows[c].Apply(hu[i]), s[c * 4 + i]);
        Assert.Equal(0.5f, s[1], 2); // lung window centre
    }

    [Fact]
    public void Resolve_FileWindows_UsesWindowCenterWidthOfTheFile()
    {
        var ds = DicomFile.Open(TestData.PathOf("ct16s_ebe.dcm")).Dataset;
        var w = WindowStack.Resolve(["file1", "file2"], ds);
        Assert.Equal((40.0, 400.0), (w[0].Center, w[0].Width));
        Assert.Equal((-600.0, 1500.0), (w[1].Center, w[1].Width));
    }
}
