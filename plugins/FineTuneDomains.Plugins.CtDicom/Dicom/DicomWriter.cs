using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>
/// Builds Explicit VR Little Endian data sets and Part 10 files (preamble, meta group with its length).
/// Used by the synthetic CT generator and by tests that need hand-made files.
/// </summary>
internal sealed class DicomWriter
{
    private readonly SortedDictionary<uint, byte[]> _elements = [];

    public const string ImplementationClassUid = "1.2.826.0.1.3680043.10.1137.1";

    /// <summary>A string value, padded to even length (UI with NUL, others with a space).</summary>
    public DicomWriter Add(DicomTag tag, string vr, string value)
    {
        var bytes = (vr is "PN" or "LO" or "SH" or "LT" or "ST" or "UT" or "UC" ? Encoding.UTF8 : Encoding.ASCII).GetBytes(value);
        if (bytes.Length % 2 == 1) bytes = [.. bytes, vr == "UI" ? (byte)0 : (byte)' '];
        return AddRaw(tag, vr, bytes);
    }

    /// <summary>Numbers: as decimal strings for DS/IS, binary for US/SS/UL/SL/FL/FD.</summary>
    public DicomWriter Add(DicomTag tag, string vr, params double[] values)
    {
        if (vr is "DS" or "IS")
            return Add(tag, vr, string.Join('\\', values.Select(v => FormatDecimal(v, vr))));
        int size = DicomVR.BinarySize(vr);
        var b = new byte[size * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var s = b.AsSpan(i * size);
            switch (vr)
            {
                case "US": BinaryPrimitives.WriteUInt16LittleEndian(s, checked((ushort)values[i])); break;
                case "SS": BinaryPrimitives.WriteInt16LittleEndian(s, checked((short)values[i])); break;
                case "UL": BinaryPrimitives.WriteUInt32LittleEndian(s, checked((uint)values[i])); break;
                case "SL": BinaryPrimitives.WriteInt32LittleEndian(s, checked((int)values[i])); break;
                case "FL": BinaryPrimitives.WriteSingleLittleEndian(s, (float)values[i]); break;
                case "FD": BinaryPrimitives.WriteDoubleLittleEndian(s, values[i]); break;
                default: throw new ArgumentException($"VR {vr} is not numeric", nameof(vr));
            }
        }
        return AddRaw(tag, vr, b);
    }

    /// <summary>A sequence of items (defined lengths).</summary>
    public DicomWriter AddSequence(DicomTag tag, IEnumerable<DicomWriter> items)
    {
        using var ms = new MemoryStream();
        var h = new byte[8];
        foreach (var item in items)
        {
            var body = item.Encode();
            BinaryPrimitives.WriteUInt16LittleEndian(h, 0xFFFE);
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(2), 0xE000);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), (uint)body.Length);
            ms.Write(h);
            ms.Write(body);
        }
        return AddRaw(tag, "SQ", ms.ToArray());
    }

    /// <summary>Any value as bytes (padded to even length with a zero byte).</summary>
    public DicomWriter AddRaw(DicomTag tag, string vr, byte[] value)
    {
        if (value.Length % 2 == 1) value = [.. value, 0];
        bool longForm = DicomVR.HasLongLength(vr);
        if (!longForm && value.Length > 0xFFFF) throw new ArgumentException($"value of {tag} too long for VR {vr}", nameof(value));
        var e = new byte[(longForm ? 12 : 8) + value.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(e, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(2), tag.Element);
        e[4] = (byte)vr[0];
        e[5] = (byte)vr[1];
        if (longForm) BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(8), (uint)value.Length);
        else BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(6), (ushort)value.Length);
        value.CopyTo(e, longForm ? 12 : 8);
        _elements[tag.Value] = e;
        return this;
    }

    /// <summary>The data set's elements in tag order.</summary>
    public byte[] Encode()
    {
        using var ms = new MemoryStream();
        foreach (var e in _elements.Values) ms.Write(e);
        return ms.ToArray();
    }

    /// <summary>A Part 10 file: preamble, "DICM", meta group (Explicit VR LE transfer syntax), data set.</summary>
    public byte[] ToPart10(string sopClassUid, string sopInstanceUid)
    {
        var meta = new DicomWriter()
            .AddRaw(new DicomTag(0x0002, 0x0001), "OB", [0, 1])
            .Add(DicomTag.MediaStorageSOPClassUID, "UI", sopClassUid)
            .Add(DicomTag.MediaStorageSOPInstanceUID, "UI", sopInstanceUid)
            .Add(DicomTag.TransferSyntaxUID, "UI", TransferSyntax.ExplicitVRLittleEndian.Uid)
            .Add(new DicomTag(0x0002, 0x0012), "UI", ImplementationClassUid)
            .Add(new DicomTag(0x0002, 0x0013), "SH", "FTD_CT_DICOM");
        var metaBody = meta.Encode();
        var groupLength = new DicomWriter().Add(new DicomTag(0x0002, 0x0000), "UL", metaBody.Length).Encode();
        using var ms = new MemoryStream();
        ms.Write(new byte[128]);
        ms.Write("DICM"u8);
        ms.Write(groupLength);
        ms.Write(metaBody);
        ms.Write(Encode());
        return ms.ToArray();
    }

    /// <summary>A DS/IS string of at most 16 characters.</summary>
    internal static string FormatDecimal(double v, string vr)
    {
        if (vr == "IS") return ((long)Math.Round(v)).ToString(CultureInfo.InvariantCulture);
        for (int digits = 10; digits > 1; digits--)
        {
            var s = v.ToString("G" + digits, CultureInfo.InvariantCulture);
            if (s.Length <= 16) return s;
        }
        return v.ToString("G2", CultureInfo.InvariantCulture);
    }
}
