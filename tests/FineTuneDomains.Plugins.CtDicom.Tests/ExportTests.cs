using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FineTuneDomains.Plugins.CtDicom.Dicom;
using FineTuneDomains.Plugins.CtDicom.Export;
using FineTuneDomains.Plugins.CtDicom.Imaging;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

public sealed class ExportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ftd-ct-export-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    /// <summary>Reads a .npy header (descr and shape) and returns the data bytes.</summary>
    internal static (string Descr, int[] Shape, byte[] Data) ReadNpy(string path)
    {
        var b = File.ReadAllBytes(path);
        Assert.Equal(0x93, b[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(b, 1, 5));
        Assert.Equal(1, b[6]);
        int hl = b[8] | b[9] << 8;
        Assert.Equal(0, (10 + hl) % 64);
        var header = Encoding.ASCII.GetString(b, 10, hl);
        Assert.EndsWith("\n", header);
        var descr = header.Split("'descr': '")[1].Split('\'')[0];
        Assert.Contains("'fortran_order': False", header);
        var shapeText = header.Split("'shape': (")[1].Split(')')[0];
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        return (descr, shape, b[(10 + hl)..]);
    }

    [Fact]
    public void Export_Stored_WritesInt16WithShapeFramesRowsColumns()
    {
        var r = DicomExporter.Export(TestData.PathOf("ct16s_rle.dcm"), _dir, stored: true, pngWindow: null);
        var (descr, shape, data) = ReadNpy(r.NpyPath);
        Assert.Equal("<i2", descr);
        Assert.Equal([1, 64, 64], shape);
        var expected = TestData.Sources["ct16s"].ExpectedValues();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(i * 2)));
    }

    [Fact]
    public void Export_Default_WritesFloat32Hounsfield()
    {
        var r = DicomExporter.Export(TestData.PathOf("ct16s_def.dcm"), _dir, stored: false, pngWindow: null);
        var (descr, shape, data) = ReadNpy(r.NpyPath);
        Assert.Equal("<f4", descr);
        Assert.Equal([1, 64, 64], shape);
        var expected = TestData.Sources["ct16s"].ExpectedValues();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i] - 1024f, BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(i * 4)));
    }

    [Theory]
    [InlineData("rgb8p_ele.dcm", "|u1", new[] { 1, 24, 32, 3 })]
    [InlineData("multi16_jpl57.dcm", "<u2", new[] { 3, 32, 32 })]
    [InlineData("s32_rle.dcm", "<i4", new[] { 1, 16, 16 })]
    [InlineData("s8_ile.dcm", "|i1", new[] { 1, 16, 16 })]
    public void Export_Stored_DtypeAndShapeFollowTheImage(string name, string descr, int[] shape)
    {
        var r = DicomExporter.Export(TestData.PathOf(name), _dir, stored: true, pngWindow: null);
        var npy = ReadNpy(r.NpyPath);
        Assert.Equal(descr, npy.Descr);
        Assert.Equal(shape, npy.Shape);
    }

    [Fact]
    public void Export_PngWithLungWindow_IsValidPngOfWindowedValues()
    {
        var r = DicomExporter.Export(TestData.PathOf("ct16s_ele.dcm"), _dir, stored: false, pngWindow: DicomWindow.Parse("lung"));
        var png = File.ReadAllBytes(r.PngPath!);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(64, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        int idatLen = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        Assert.Equal("IDAT", Encoding.ASCII.GetString(png, 37, 4));
        using var z = new ZLibStream(new MemoryStream(png, 41, idatLen), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(64 * 65, rows.Length);
        var hu = TestData.Sources["ct16s"].ExpectedValues();
        var lung = DicomWindow.Parse("lung");
        for (int y = 0; y < 64; y += 7)
            for (int x = 0; x < 64; x += 5)
                Assert.Equal((int)MathF.Round(lung.Apply(hu[y * 64 + x] - 1024f) * 255), rows[y * 65 + 1 + x]);
    }
}
