using System.Buffers.Binary;
using System.Globalization;
using FineTuneDomains.Core;
using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

/// <summary>The DCMTK/GDCM corpus: pixels equal the sources, element values equal what dcmdump printed.</summary>
public class CorpusTests
{
    public static IEnumerable<object[]> Decodable => TestData.DecodableFileData();
    public static IEnumerable<object[]> All => TestData.AllFileData();

    [Theory]
    [MemberData(nameof(Decodable))]
    public void ReadAllFrames_CorpusFile_EqualsSourcePixels(string name)
    {
        var source = TestData.Sources[name[..name.IndexOf('_')]];
        var file = DicomFile.Open(TestData.PathOf(name));
        var pd = file.GetPixelData();
        Assert.Equal(source.Rows, pd.Rows);
        Assert.Equal(source.Columns, pd.Columns);
        Assert.Equal(source.Frames, pd.NumberOfFrames);
        var pixels = pd.ReadAllFrames();
        var expected = source.ExpectedValues();
        Assert.Equal(expected.Length, pixels.Count);
        for (int i = 0; i < expected.Length; i++)
            if (expected[i] != pixels[i])
                Assert.Fail($"{name}: value {i} is {pixels[i]}, expected {expected[i]}");
        var signed = pixels.DataType is PixelDataType.Int8 or PixelDataType.Int16 or PixelDataType.Int32;
        Assert.Equal(source.PixelRepresentation == 1, signed);
    }

    [Theory]
    [MemberData(nameof(Decodable))]
    public void ReadFrame_EachFrame_MatchesReadAllFrames(string name)
    {
        var pd = DicomFile.Open(TestData.PathOf(name)).GetPixelData();
        var all = pd.ReadAllFrames();
        for (int f = 0; f < pd.NumberOfFrames; f++)
        {
            var one = pd.ReadFrame(f);
            Assert.Equal(all.Data.AsSpan(f * one.Data.Length, one.Data.Length).ToArray(), one.Data);
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Elements_CorpusFile_EqualDcmdump(string name)
    {
        var file = DicomFile.Open(TestData.PathOf(name));
        var lines = DcmdumpLine.Parse(File.ReadAllText(TestData.PathOf(Path.ChangeExtension(name, ".txt"))));
        int compared = 0;
        foreach (var line in lines)
        {
            // +U8 rewrites the character set term; pixel data is summarised, not dumped.
            if (line.Tag == DicomTag.SpecificCharacterSet || line.Tag == DicomTag.PixelData) continue;
            if (line.Value == "(not loaded)") continue;
            var ds = line.InMeta ? file.Meta : Navigate(file.Dataset, line.Path);
            var e = ds.GetElement(line.Tag);
            Assert.True(e is not null, $"{name}: {line.Tag} missing");
            if (line.VR == "SQ") { Assert.True(e!.IsSequence, $"{name}: {line.Tag} should be a sequence"); compared++; continue; }
            Assert.Equal(line.VR, e!.VR == "UN" && line.VR != "UN" ? line.VR : e.VR);
            Assert.True(Same(ds, e, line), $"{name}: {line.Tag} is '{ds.ValueAsText(e)}', dcmdump says '{line.Value}'");
            compared++;
        }
        Assert.True(compared >= 10, $"{name}: only {compared} elements compared");
    }

    private static DicomDataset Navigate(DicomDataset ds, IReadOnlyList<(DicomTag Seq, int Item)> path)
    {
        foreach (var (seq, item) in path) ds = ds.GetSequence(seq)[item];
        return ds;
    }

    private static bool Same(DicomDataset ds, DicomElement e, DcmdumpLine line)
    {
        switch (line.VR)
        {
            case "FL" or "FD":
                {
                    var ours = ds.GetNumbers(e.Tag);
                    var theirs = line.Value.Split('\\').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                    return ours.Length == theirs.Length && ours.Zip(theirs).All(p => Math.Abs(p.First - p.Second) <= 1e-6 * Math.Max(1, Math.Abs(p.Second)));
                }
            case "OB" or "UN":
                return string.Join('\\', e.ReadBytes().Select(b => b.ToString("x2"))) == line.Value;
            case "OW":
                {
                    var b = e.ReadBytes();
                    var words = Enumerable.Range(0, b.Length / 2).Select(i => (e.IsBigEndian
                        ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i * 2)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i * 2))).ToString("x4"));
                    return string.Join('\\', words) == line.Value;
                }
            default:
                return ds.ValueAsText(e) == line.Value;
        }
    }

    [Theory]
    [InlineData("mono8_jpegbaseline.dcm", "1.2.840.10008.1.2.4.50", "dcmdjpeg")]
    [InlineData("mono8_jpegls.dcm", "1.2.840.10008.1.2.4.80", "dcmdjpls")]
    [InlineData("mono8_j2k.dcm", "1.2.840.10008.1.2.4.90", "gdcmconv --raw")]
    public void GetPixelData_UnsupportedSyntax_NamesSyntaxAndCommand(string name, string uid, string command)
    {
        var file = DicomFile.Open(TestData.PathOf(name));
        var ex = Assert.Throws<DataFormatException>(() => file.GetPixelData().ReadAllFrames());
        Assert.Contains(uid, ex.Message);
        Assert.Contains(command, ex.Message);
        Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void Open_CtFile_ReadsTypedValuesAndSequenceItem()
    {
        var ds = DicomFile.Open(TestData.PathOf("ct16s_eleundef.dcm")).Dataset;
        Assert.Equal("Müller^Jörg", ds.GetString(DicomTag.PatientName));
        Assert.Equal(64, ds.GetInt(DicomTag.Rows));
        Assert.Equal(-1024, ds.GetNumber(DicomTag.RescaleIntercept));
        Assert.Equal([40, -600], ds.GetNumbers(DicomTag.WindowCenter));
        var item = Assert.Single(ds.GetSequence(new DicomTag(0x0008, 0x1140)));
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", item.GetString(new DicomTag(0x0008, 0x1150)));
        Assert.True(ds.GetElement(new DicomTag(0x0008, 0x1140))!.HasUndefinedLength);
        Assert.Equal([7, 8, 9], ds.GetNumbers(new DicomTag(0x0009, 0x1002)));
    }

    [Fact]
    public void Open_Utf8File_DecodesNonLatinNames()
    {
        var ds = DicomFile.Open(TestData.PathOf("mono8_def.dcm")).Dataset;
        Assert.Equal("Øster^Åse=李^华", ds.GetString(DicomTag.PatientName));
        Assert.Equal("MONOCHROME1", ds.GetString(DicomTag.PhotometricInterpretation));
    }

    [Fact]
    public void Open_BareDataSet_GuessesSyntaxWithoutMeta()
    {
        var f = DicomFile.Open(TestData.PathOf("ct16s_bareile.dcm"));
        Assert.False(f.HasPreamble);
        Assert.Equal(0, f.Meta.Count);
        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, f.TransferSyntax);
        Assert.Equal("CT-0001", f.Dataset.GetString(DicomTag.PatientID));
    }

    [Fact]
    public void Open_PixelData_IsNotLoadedUntilAsked()
    {
        var f = DicomFile.Open(TestData.PathOf("ct16s_ele.dcm"));
        Assert.False(f.Dataset.GetElement(DicomTag.PixelData)!.IsValueLoaded);
    }
}
