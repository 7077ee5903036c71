namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>
/// One data element as found in the file: tag, VR, where it is and its value. Large binary values (pixel
/// data above all) are not read while parsing; <see cref="ReadBytes"/> fetches them when asked.
/// </summary>
public sealed class DicomElement
{
    private readonly byte[]? _value;
    private readonly ByteSource _source;

    internal DicomElement(DicomTag tag, string vr, long offset, long valueOffset, long length, bool undefinedLength,
        bool bigEndian, ByteSource source, byte[]? value, IReadOnlyList<DicomDataset>? items,
        IReadOnlyList<DicomFragment>? fragments)
    {
        Tag = tag; VR = vr; Offset = offset; ValueOffset = valueOffset; Length = length;
        HasUndefinedLength = undefinedLength; IsBigEndian = bigEndian; _source = source; _value = value;
        Items = items ?? []; IsSequence = items is not null; Fragments = fragments;
    }

    public DicomTag Tag { get; }
    /// <summary>The VR: explicit in the file, or from the dictionary for Implicit VR files ("UN" if unknown).</summary>
    public string VR { get; }
    /// <summary>Byte offset of the element's tag (in the inflated stream for deflated files).</summary>
    public long Offset { get; }
    public long ValueOffset { get; }
    /// <summary>Value length in bytes (for undefined lengths: the bytes actually spanned).</summary>
    public long Length { get; }
    public bool HasUndefinedLength { get; }
    /// <summary>Binary values are big-endian (Explicit VR Big Endian files).</summary>
    public bool IsBigEndian { get; }
    public bool IsSequence { get; }
    /// <summary>Sequence items, empty for other elements.</summary>
    public IReadOnlyList<DicomDataset> Items { get; }
    /// <summary>Encapsulated (compressed) pixel data: item 0 is the basic offset table.</summary>
    public bool IsEncapsulated => Fragments is not null;
    internal IReadOnlyList<DicomFragment>? Fragments { get; }
    /// <summary>The value was read while parsing (otherwise it is read from the file on each request).</summary>
    public bool IsValueLoaded => _value is not null;

    /// <summary>The raw value bytes in file byte order (empty for sequences and encapsulated data).</summary>
    public byte[] ReadBytes()
    {
        if (_value is not null) return _value;
        if (IsSequence || IsEncapsulated) return [];
        return _source.ReadArray(ValueOffset, checked((int)Length));
    }

    /// <summary>Part of a native value (offset relative to the value's start; the caller checked the range).</summary>
    internal byte[] ReadRange(long offset, int count) =>
        _value is not null ? _value.AsSpan((int)offset, count).ToArray() : _source.ReadArray(ValueOffset + offset, count);

    internal byte[] ReadFragmentHead(int index, int count)
    {
        var f = Fragments![index];
        return _source.ReadArray(f.Offset, Math.Min(count, f.Length));
    }

    internal byte[] ReadFragment(int index)
    {
        var f = Fragments![index];
        return _source.ReadArray(f.Offset, f.Length);
    }

    public override string ToString() => $"{Tag} {VR} #{Length}";
}
