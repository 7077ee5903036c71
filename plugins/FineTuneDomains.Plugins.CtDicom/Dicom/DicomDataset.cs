using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>
/// A parsed data set (the file's main data set, its file meta group, or a sequence item): elements in file
/// order with typed accessors. Text is decoded with the Specific Character Set in force (inherited by items).
/// Malformed values raise <see cref="DataFormatException"/> naming the element and its offset.
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private readonly List<DicomElement> _elements = [];
    private readonly Dictionary<uint, DicomElement> _byTag = [];
    private Encoding? _encoding;

    internal DicomDataset(string filePath, DicomDataset? parent)
    {
        FilePath = filePath;
        Parent = parent;
    }

    /// <summary>The file this data set came from (for error messages).</summary>
    public string FilePath { get; }
    /// <summary>The data set holding the sequence this item belongs to; null at top level.</summary>
    public DicomDataset? Parent { get; }
    public int Count => _elements.Count;

    /// <summary>Adds an element; a repeated tag keeps the first occurrence (as DCMTK does).</summary>
    internal void Add(DicomElement e)
    {
        if (_byTag.TryAdd(e.Tag.Value, e)) _elements.Add(e);
    }

    public bool Contains(DicomTag tag) => _byTag.ContainsKey(tag.Value);

    public DicomElement? GetElement(DicomTag tag) => _byTag.GetValueOrDefault(tag.Value);

    public IEnumerator<DicomElement> GetEnumerator() => _elements.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal Encoding TextEncoding
    {
        get
        {
            if (_encoding is not null) return _encoding;
            var cs = GetElement(DicomTag.SpecificCharacterSet);
            _encoding = cs is not null
                ? DicomCharacterSet.For(Encoding.ASCII.GetString(cs.ReadBytes()))
                : Parent?.TextEncoding ?? DicomCharacterSet.For(null);
            return _encoding;
        }
    }

    /// <summary>The whole value as text (all values joined by '\'), padding trimmed; null if absent.</summary>
    public string? GetString(DicomTag tag)
    {
        var e = GetElement(tag);
        return e is null ? null : ValueAsText(e);
    }

    /// <summary>The values of a string element (split at '\'), each trimmed; empty if absent or empty.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        var e = GetElement(tag);
        if (e is null) return [];
        var text = DecodeText(e);
        if (text.Length == 0) return [];
        if (DicomVR.IsSingleValuedText(e.VR)) return [TrimValue(text, e.VR)];
        var parts = text.Split('\\');
        for (int i = 0; i < parts.Length; i++) parts[i] = TrimValue(parts[i], e.VR);
        return parts;
    }

    /// <summary>
    /// Numeric values of an element: decimal/integer strings (DS, IS) or binary numbers (US, SS, UL, SL, FL, FD,
    /// and their O* forms). Empty if absent.
    /// </summary>
    public double[] GetNumbers(DicomTag tag)
    {
        var e = GetElement(tag);
        if (e is null) return [];
        var vr = e.VR == "UN" ? DicomDictionary.VROf(tag) ?? "UN" : e.VR;
        if (vr is "DS" or "IS")
        {
            var parts = GetStrings(tag);
            var r = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++)
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out r[i]) || !double.IsFinite(r[i]))
                    throw new DataFormatException(FilePath, $"element {tag} {DicomDictionary.KeywordOf(tag)} has a value '{parts[i]}' that is not a number", e.Offset);
            return r;
        }
        int size = DicomVR.BinarySize(vr);
        if (size == 0 || vr == "AT")
            throw new DataFormatException(FilePath, $"element {tag} {DicomDictionary.KeywordOf(tag)} has VR {e.VR}, not a number", e.Offset);
        var bytes = e.ReadBytes();
        var values = new double[bytes.Length / size];
        for (int i = 0; i < values.Length; i++)
            values[i] = ReadBinary(bytes.AsSpan(i * size, size), vr, e.IsBigEndian);
        return values;
    }

    /// <summary>One numeric value (value multiplicity index), or null if absent or empty.</summary>
    public double? GetNumber(DicomTag tag, int index = 0)
    {
        var v = GetNumbers(tag);
        return index < v.Length ? v[index] : null;
    }

    /// <summary>An integer value, or null if absent; non-integers and out-of-range values are format errors.</summary>
    public int? GetInt(DicomTag tag, int index = 0)
    {
        var v = GetNumber(tag, index);
        if (v is null) return null;
        if (v.Value != Math.Floor(v.Value) || v.Value < int.MinValue || v.Value > int.MaxValue)
            throw new DataFormatException(FilePath, $"element {tag} {DicomDictionary.KeywordOf(tag)} should be an integer but is {v.Value}", GetElement(tag)!.Offset);
        return (int)v.Value;
    }

    /// <summary>Items of a sequence element; empty if absent.</summary>
    public IReadOnlyList<DicomDataset> GetSequence(DicomTag tag) => GetElement(tag)?.Items ?? [];

    /// <summary>Text of any element as dcmdump shows it between brackets or after the VR (without padding).</summary>
    public string ValueAsText(DicomElement e)
    {
        if (e.IsSequence) return $"{e.Items.Count} item(s)";
        if (e.IsEncapsulated) return $"{e.Fragments!.Count} fragment(s)";
        if (DicomVR.IsString(e.VR))
        {
            var text = DecodeText(e);
            if (DicomVR.IsSingleValuedText(e.VR)) return TrimValue(text, e.VR);
            return string.Join('\\', text.Split('\\').Select(p => TrimValue(p, e.VR)));
        }
        if (e.VR == "AT")
        {
            var b = e.ReadBytes();
            var sb = new StringBuilder();
            for (int i = 0; i + 4 <= b.Length; i += 4)
            {
                ushort g = e.IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i));
                ushort el = e.IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 2)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i + 2));
                if (sb.Length > 0) sb.Append('\\');
                sb.Append(new DicomTag(g, el));
            }
            return sb.ToString();
        }
        if (e.VR is "US" or "SS" or "UL" or "SL" or "FL" or "FD" or "SV" or "UV")
            return string.Join('\\', GetNumbers(e.Tag).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        if (e.VR is "OF" or "OD") return string.Join('\\', GetNumbers(e.Tag).Take(MaxBinaryValues).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        // OB, UN, OW, OL, OV: hexadecimal values as dcmdump prints them, cut after MaxBinaryValues.
        var raw = e.ReadBytes();
        int size = e.VR switch { "OW" => 2, "OL" => 4, "OV" => 8, _ => 1 };
        var sb2 = new StringBuilder();
        int count = raw.Length / size;
        for (int i = 0; i < Math.Min(count, MaxBinaryValues); i++)
        {
            if (i > 0) sb2.Append('\\');
            ulong v = 0;
            for (int b = 0; b < size; b++)
                v |= (ulong)raw[i * size + (e.IsBigEndian ? size - 1 - b : b)] << (8 * b);
            sb2.Append(v.ToString("x" + (size * 2), CultureInfo.InvariantCulture));
        }
        if (count > MaxBinaryValues) sb2.Append("...");
        return sb2.ToString();
    }

    /// <summary>Binary values shown by <see cref="ValueAsText"/> before it cuts the rest.</summary>
    public const int MaxBinaryValues = 4096;

    private string DecodeText(DicomElement e)
    {
        var bytes = e.ReadBytes();
        var enc = DicomVR.UsesCharacterSet(e.VR) ? TextEncoding : Encoding.Latin1;
        return enc.GetString(bytes);
    }

    private static string TrimValue(string s, string vr) =>
        DicomVR.IsSingleValuedText(vr) || vr is "PN" or "LO" or "SH" or "UC"
            ? s.TrimEnd(' ', '\0')
            : s.Trim(' ', '\0');

    private static double ReadBinary(ReadOnlySpan<byte> b, string vr, bool be) => vr switch
    {
        "US" or "OW" => be ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
        "SS" => be ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
        "UL" or "OL" => be ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
        "SL" => be ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
        "FL" or "OF" => be ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
        "FD" or "OD" => be ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b),
        "SV" => be ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
        _ => be ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
    };
}
