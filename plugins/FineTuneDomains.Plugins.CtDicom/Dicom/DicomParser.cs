using System.Buffers.Binary;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>
/// Parses DICOM data sets from a <see cref="ByteSource"/>. Every length read from the file is checked against
/// the bytes that remain before anything is allocated, every loop consumes at least 8 bytes per turn and
/// nesting is capped, so hostile input ends in a <see cref="DataFormatException"/> with an offset.
/// </summary>
internal sealed class DicomParser
{
    private const int MaxDepth = 32;
    private const uint Undefined = 0xFFFFFFFF;
    /// <summary>Binary values above this size stay in the file until asked for.</summary>
    private const int LazyThreshold = 16 * 1024;

    private readonly string _path;
    private readonly ByteSource _src;
    private readonly string _where;
    private readonly byte[] _buf = new byte[64 * 1024];
    private long _bufPos = -1;
    private int _bufLen;

    public DicomParser(string path, ByteSource src, string where = "")
    {
        _path = path;
        _src = src;
        _where = where;
    }

    public long Length => _src.Length;

    public DataFormatException Error(string problem, long offset) => new(_path, problem + _where, offset);

    /// <summary>n bytes at pos (n at most 16); the caller guarantees pos + n &lt;= Length.</summary>
    public ReadOnlySpan<byte> Peek(long pos, int n)
    {
        if (pos < _bufPos || pos + n > _bufPos + _bufLen)
        {
            _bufPos = pos;
            _bufLen = (int)Math.Min(_buf.Length, _src.Length - pos);
            _src.ReadAt(pos, _buf.AsSpan(0, _bufLen));
        }
        return _buf.AsSpan((int)(pos - _bufPos), n);
    }

    private byte[] ReadValue(long pos, int n)
    {
        if (n <= 16) return Peek(pos, n).ToArray();
        return _src.ReadArray(pos, n);
    }

    private static ushort U16(ReadOnlySpan<byte> b, bool be) =>
        be ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private static uint U32(ReadOnlySpan<byte> b, bool be) =>
        be ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    public static bool IsVRChars(ReadOnlySpan<byte> b) => b[0] is >= (byte)'A' and <= (byte)'Z' && b[1] is >= (byte)'A' and <= (byte)'Z';

    /// <summary>Reads the tag at pos (8 bytes must remain).</summary>
    public DicomTag PeekTag(long pos, bool bigEndian)
    {
        var h = Peek(pos, 4);
        return new DicomTag(U16(h, bigEndian), U16(h[2..], bigEndian));
    }

    /// <summary>
    /// Parses elements into ds from pos up to end. Stops early at an item delimiter when inItem (consuming it,
    /// returns true), at a sequence delimiter inside an item (not consumed), or, when onlyGroup is set, at the
    /// first element of another group.
    /// </summary>
    public bool ParseDataset(DicomDataset ds, ref long pos, long end, bool explicitVR, bool bigEndian, int depth,
        bool inItem, ushort? onlyGroup = null)
    {
        if (depth > MaxDepth) throw Error($"sequences nested deeper than {MaxDepth} levels", pos);
        while (pos < end)
        {
            long start = pos;
            if (end - pos < 8)
            {
                if (depth == 0 && AllZero(pos, end)) { pos = end; break; } // trailing padding
                throw Error($"truncated data element header ({end - pos} bytes left)", pos);
            }
            var tag = PeekTag(pos, bigEndian);
            if (onlyGroup is ushort g && tag.Group != g) return false;
            if (tag == DicomTag.ItemDelimitation)
            {
                pos += 8;
                if (inItem) return true;
                continue; // stray delimiter at top level: DCMTK skips it too
            }
            if (tag == DicomTag.SequenceDelimitation)
            {
                if (inItem) return false; // item without its delimiter: let the sequence end it
                pos += 8;
                continue;
            }
            if (tag == DicomTag.Item) throw Error("sequence item found outside a sequence", pos);

            string vr;
            uint length;
            int header;
            bool elementExplicit = explicitVR;
            if (explicitVR)
            {
                var vb = Peek(pos + 4, 2);
                if (!IsVRChars(vb))
                {
                    // Encoder quirk DCMTK tolerates: an implicit element in an explicit data set.
                    elementExplicit = false;
                    vr = DicomDictionary.VROf(tag) ?? "UN";
                    length = U32(Peek(pos + 4, 4), bigEndian);
                    header = 8;
                }
                else
                {
                    vr = string.Create(2, (vb[0], vb[1]), static (s, v) => { s[0] = (char)v.Item1; s[1] = (char)v.Item2; });
                    if (DicomVR.HasLongLength(vr) || !DicomVR.IsKnown(vr))
                    {
                        if (end - pos < 12) throw Error("truncated data element header", pos);
                        length = U32(Peek(pos + 8, 4), bigEndian);
                        header = 12;
                        if (!DicomVR.IsKnown(vr)) vr = "UN";
                    }
                    else
                    {
                        length = U16(Peek(pos + 6, 2), bigEndian);
                        header = 8;
                    }
                }
            }
            else
            {
                vr = DicomDictionary.VROf(tag) ?? "UN";
                length = U32(Peek(pos + 4, 4), bigEndian);
                header = 8;
            }

            long valuePos = pos + header;
            DicomElement element;
            if (length == Undefined)
            {
                if (vr == "SQ" || (vr == "UN" && tag != DicomTag.PixelData))
                {
                    // UN with undefined length is an Implicit VR Little Endian sequence (CP-246).
                    bool seqExplicit = vr == "SQ" && elementExplicit;
                    bool seqBE = vr == "SQ" && bigEndian;
                    long p = valuePos;
                    var items = ParseSequence(ds, ref p, end, true, seqExplicit, seqBE, depth);
                    element = new DicomElement(tag, "SQ", start, valuePos, p - valuePos, true, seqBE, _src, null, items, null);
                    pos = p;
                }
                else if (tag == DicomTag.PixelData || vr is "OB" or "OW")
                {
                    long p = valuePos;
                    var frags = ParseFragments(ref p, end, bigEndian);
                    element = new DicomElement(tag, vr, start, valuePos, p - valuePos, true, bigEndian, _src, null, null, frags);
                    pos = p;
                }
                else throw Error($"element {tag} with VR {vr} has an undefined length", start);
            }
            else
            {
                if (length > end - valuePos)
                    throw Error($"element {tag} declares {length} value bytes but only {end - valuePos} remain", start);
                if (vr == "SQ")
                {
                    long p = valuePos;
                    var items = ParseSequence(ds, ref p, valuePos + length, false, elementExplicit, bigEndian, depth);
                    element = new DicomElement(tag, vr, start, valuePos, length, false, bigEndian, _src, null, items, null);
                }
                else
                {
                    bool lazy = tag == DicomTag.PixelData || (length > LazyThreshold && !DicomVR.IsString(vr));
                    var value = lazy ? null : ReadValue(valuePos, (int)length);
                    element = new DicomElement(tag, vr, start, valuePos, length, false, bigEndian, _src, value, null, null);
                }
                pos = valuePos + length;
            }
            ds.Add(element);
        }
        return false;
    }

    private List<DicomDataset> ParseSequence(DicomDataset parent, ref long pos, long end, bool undefinedLength,
        bool explicitVR, bool bigEndian, int depth)
    {
        var items = new List<DicomDataset>();
        while (pos < end)
        {
            if (end - pos < 8) throw Error("truncated sequence item header", pos);
            var h = Peek(pos, 8);
            var tag = new DicomTag(U16(h, bigEndian), U16(h[2..], bigEndian));
            uint len = U32(h[4..], bigEndian);
            long itemStart = pos;
            pos += 8;
            if (tag == DicomTag.SequenceDelimitation)
            {
                if (undefinedLength) return items;
                continue; // needless delimiter in a sequence of defined length
            }
            if (tag == DicomTag.ItemDelimitation) continue; // stray: tolerated
            if (tag != DicomTag.Item) throw Error($"expected a sequence item but found tag {tag}", itemStart);
            var item = new DicomDataset(parent.FilePath, parent);
            if (len == Undefined)
            {
                long p = pos;
                bool closed = ParseDataset(item, ref p, end, explicitVR, bigEndian, depth + 1, inItem: true);
                if (!closed && p >= end && undefinedLength)
                    throw Error("sequence item of undefined length is not terminated", itemStart);
                pos = p;
            }
            else
            {
                if (len > end - pos) throw Error($"sequence item declares {len} bytes but only {end - pos} remain", itemStart);
                long p = pos;
                ParseDataset(item, ref p, pos + len, explicitVR, bigEndian, depth + 1, inItem: true);
                pos += len;
            }
            items.Add(item);
        }
        if (undefinedLength) throw Error("sequence of undefined length is not terminated", pos);
        return items;
    }

    private List<DicomFragment> ParseFragments(ref long pos, long end, bool bigEndian)
    {
        var frags = new List<DicomFragment>();
        while (true)
        {
            if (end - pos < 8) throw Error("encapsulated pixel data is truncated (no sequence delimiter)", pos);
            var h = Peek(pos, 8);
            var tag = new DicomTag(U16(h, bigEndian), U16(h[2..], bigEndian));
            uint len = U32(h[4..], bigEndian);
            if (tag == DicomTag.SequenceDelimitation) { pos += 8; return frags; }
            if (tag != DicomTag.Item) throw Error($"expected a pixel data fragment item but found tag {tag}", pos);
            if (len > end - pos - 8) throw Error($"pixel data fragment declares {len} bytes but only {end - pos - 8} remain", pos);
            frags.Add(new DicomFragment(pos + 8, (int)len));
            pos += 8 + len;
        }
    }

    private bool AllZero(long pos, long end)
    {
        foreach (var b in Peek(pos, (int)(end - pos))) if (b != 0) return false;
        return true;
    }
}
