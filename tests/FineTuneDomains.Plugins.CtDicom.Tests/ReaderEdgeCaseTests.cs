using System.Buffers.Binary;
using System.Text;
using FineTuneDomains.Core;
using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

/// <summary>Hand-made files for cases the toolkits do not produce: hostile lengths, quirks, odd lengths.</summary>
public sealed class ReaderEdgeCaseTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ftd-ct-edge-" + Guid.NewGuid().ToString("N"));

    public ReaderEdgeCaseTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(byte[] bytes, string name = "f.dcm")
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    /// <summary>Explicit VR LE element bytes, with an arbitrary (even hostile) declared length.</summary>
    private static byte[] Explicit(ushort g, ushort e, string vr, byte[] value, uint? declared = null)
    {
        bool longForm = vr is "OB" or "OW" or "SQ" or "UN" or "UT";
        var h = new byte[longForm ? 12 : 8];
        BinaryPrimitives.WriteUInt16LittleEndian(h, g);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(2), e);
        h[4] = (byte)vr[0]; h[5] = (byte)vr[1];
        if (longForm) BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(8), declared ?? (uint)value.Length);
        else BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(6), (ushort)(declared ?? (uint)value.Length));
        return [.. h, .. value];
    }

    private static byte[] Implicit(ushort g, ushort e, byte[] value, uint? declared = null)
    {
        var h = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(h, g);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(2), e);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), declared ?? (uint)value.Length);
        return [.. h, .. value];
    }

    private static byte[] Part10(string ts, byte[] body)
    {
        var tsBytes = Encoding.ASCII.GetBytes(ts.Length % 2 == 1 ? ts + "\0" : ts);
        var meta = Explicit(0x0002, 0x0010, "UI", tsBytes);
        return [.. new byte[128], .. "DICM"u8.ToArray(), .. meta, .. body];
    }

    private static byte[] U16(params ushort[] v)
    {
        var b = new byte[v.Length * 2];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(i * 2), v[i]);
        return b;
    }

    [Fact]
    public void Open_HugeDeclaredLength_ThrowsWithPathAndOffsetWithoutAllocating()
    {
        var body = Explicit(0x0010, 0x0010, "PN", "A^B "u8.ToArray())
            .Concat(Explicit(0x0011, 0x1010, "OB", [1, 2], declared: 0xFFFFFFF0)).ToArray();
        var path = Write(Part10("1.2.840.10008.1.2.1", body));
        var ex = Assert.Throws<DataFormatException>(() => DicomFile.Open(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("4294967280", ex.Message);
        Assert.Equal(132 + 8 + 20 + 12, ex.Offset);
    }

    [Fact]
    public void Open_OddLengthValue_IsReadAsIs()
    {
        var body = Explicit(0x0010, 0x0010, "PN", "Odd^Name"u8.ToArray()[..7])
            .Concat(Explicit(0x0010, 0x0020, "LO", "ID1 "u8.ToArray())).ToArray();
        var ds = DicomFile.Open(Write(Part10("1.2.840.10008.1.2.1", body))).Dataset;
        Assert.Equal("Odd^Nam", ds.GetString(DicomTag.PatientName));
        Assert.Equal("ID1", ds.GetString(DicomTag.PatientID));
    }

    [Fact]
    public void Open_ExplicitDeclaredButImplicitData_IsDetected()
    {
        var body = Implicit(0x0008, 0x0060, "CT"u8.ToArray()).Concat(Implicit(0x0028, 0x0010, U16(5))).ToArray();
        var ds = DicomFile.Open(Write(Part10("1.2.840.10008.1.2.1", body))).Dataset;
        Assert.Equal("CT", ds.GetString(DicomTag.Modality));
        Assert.Equal(5, ds.GetInt(DicomTag.Rows));
    }

    [Fact]
    public void Open_UnknownVRWithUndefinedLength_ParsesAsImplicitSequence()
    {
        // CP-246: a sequence re-encoded as UN keeps undefined length and Implicit VR LE content.
        byte[] item = [.. Implicit(0xFFFE, 0xE000, [], 0xFFFFFFFF), .. Implicit(0x0008, 0x1150, "1.2\0"u8.ToArray()), .. Implicit(0xFFFE, 0xE00D, [])];
        byte[] seq = [.. Explicit(0x0008, 0x1140, "UN", [], 0xFFFFFFFF), .. item, .. Implicit(0xFFFE, 0xE0DD, [])];
        var ds = DicomFile.Open(Write(Part10("1.2.840.10008.1.2.1", [.. seq, .. Explicit(0x0010, 0x0020, "LO", "X "u8.ToArray())]))).Dataset;
        var it = Assert.Single(ds.GetSequence(new DicomTag(0x0008, 0x1140)));
        Assert.Equal("1.2", it.GetString(new DicomTag(0x0008, 0x1150)));
        Assert.Equal("X", ds.GetString(DicomTag.PatientID));
    }

    [Fact]
    public void Open_DeeplyNestedSequences_ThrowsDataFormatException()
    {
        byte[] inner = [];
        for (int i = 0; i < 100; i++)
            inner = [.. Implicit(0x0008, 0x1140, [], 0xFFFFFFFF), .. Implicit(0xFFFE, 0xE000, [], 0xFFFFFFFF), .. inner, .. Implicit(0xFFFE, 0xE00D, []), .. Implicit(0xFFFE, 0xE0DD, [])];
        var ex = Assert.Throws<DataFormatException>(() => DicomFile.Open(Write(Part10("1.2.840.10008.1.2", inner))));
        Assert.Contains("nested", ex.Message);
    }

    [Fact]
    public void Open_UnterminatedSequence_ThrowsWithOffset()
    {
        byte[] body = [.. Implicit(0x0008, 0x1140, [], 0xFFFFFFFF), .. Implicit(0xFFFE, 0xE000, [], 0xFFFFFFFF), .. Implicit(0x0008, 0x1150, "1.2\0"u8.ToArray())];
        var ex = Assert.Throws<DataFormatException>(() => DicomFile.Open(Write(Part10("1.2.840.10008.1.2", body))));
        Assert.NotNull(ex.Offset);
    }

    [Fact]
    public void Open_NotDicom_ThrowsDataFormatException()
    {
        var ex = Assert.Throws<DataFormatException>(() => DicomFile.Open(Write("hello world, this is text"u8.ToArray(), "t.txt")));
        Assert.Contains("t.txt", ex.Message);
        Assert.False(DicomFile.LooksLikeDicom(Path.Combine(_dir, "t.txt")));
    }

    private static byte[] ImageBody(ushort rows, ushort cols, ushort ba, ushort bs, ushort hb, ushort pr, byte[] pixels, string vr = "OW", int frames = 1) =>
    [
        .. Explicit(0x0028, 0x0002, "US", U16(1)),
        .. Explicit(0x0028, 0x0004, "CS", "MONOCHROME2 "u8.ToArray()),
        .. Explicit(0x0028, 0x0008, "IS", Encoding.ASCII.GetBytes(frames.ToString().PadRight(2))),
        .. Explicit(0x0028, 0x0010, "US", U16(rows)),
        .. Explicit(0x0028, 0x0011, "US", U16(cols)),
        .. Explicit(0x0028, 0x0100, "US", U16(ba)),
        .. Explicit(0x0028, 0x0101, "US", U16(bs)),
        .. Explicit(0x0028, 0x0102, "US", U16(hb)),
        .. Explicit(0x0028, 0x0103, "US", U16(pr)),
        .. Explicit(0x7FE0, 0x0010, vr, pixels),
    ];

    [Fact]
    public void ReadFrame_HighBitAboveBitsStored_ShiftsMasksAndSignExtends()
    {
        // 12 bits stored at bits 2..13 (High Bit 13), signed: 0x3FFC -> all ones -> -1; 0x2000 -> sign bit set.
        var pixels = U16(0x3FFC, 0x2000, 0x0004, 0xC008);
        var f = DicomFile.Open(Write(Part10("1.2.840.10008.1.2.1", ImageBody(2, 2, 16, 12, 13, 1, pixels))));
        var p = f.GetPixelData().ReadFrame(0);
        Assert.Equal([-1L, -2048L, 1L, 2L], Enumerable.Range(0, 4).Select(i => p[i]));
    }

    [Fact]
    public void ReadFrame_OneBitMultiFrame_UnpacksBitsAcrossFrames()
    {
        // Two 2x3 frames = 12 bits, LSB first: frame 0 = 1,0,1,1,0,0; frame 1 = 0,1,1,1,1,0.
        byte[] bits = [0b1000_1101, 0b0000_0111];
        var f = DicomFile.Open(Write(Part10("1.2.840.10008.1.2.1", ImageBody(2, 3, 1, 1, 0, 0, bits, "OB", frames: 2))));
        var pd = f.GetPixelData();
        Assert.Equal([1L, 0, 1, 1, 0, 0], Enumerable.Range(0, 6).Select(i => pd.ReadFrame(0)[i]));
        Assert.Equal([0L, 1, 1, 1, 1, 0], Enumerable.Range(0, 6).Select(i => pd.ReadFrame(1)[i]));
    }

    [Fact]
    public void GetPixelData_TooFewBytes_ThrowsNamingTheShortfall()
    {
        var f = DicomFile.Open(Write(Part10("1.2.840.10008.1.2.1", ImageBody(4, 4, 16, 16, 15, 0, U16(1, 2, 3)))));
        var ex = Assert.Throws<DataFormatException>(() => f.GetPixelData());
        Assert.Contains("need 32", ex.Message);
    }

    [Fact]
    public void GetPixelData_HostileDimensionsInRle_RefusedBeforeAllocating()
    {
        byte[] frags = [.. Implicit(0xFFFE, 0xE000, []), .. Implicit(0xFFFE, 0xE000, new byte[64]), .. Implicit(0xFFFE, 0xE0DD, [])];
        var body = ImageBody(20000, 20000, 16, 16, 15, 0, [], "OB");
        body = [.. body[..^12], .. Explicit(0x7FE0, 0x0010, "OB", [], 0xFFFFFFFF), .. frags];
        var f = DicomFile.Open(Write(Part10("1.2.840.10008.1.2.5", body)));
        var ex = Assert.Throws<DataFormatException>(() => f.GetPixelData());
        Assert.True(ex.Message.Contains("compressed bytes"), ex.Message);
    }
}
