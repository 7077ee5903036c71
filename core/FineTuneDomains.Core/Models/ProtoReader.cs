namespace FineTuneDomains.Core.Models;

/// <summary>
/// A minimal reader of the protobuf wire format (varints, fixed 32/64-bit, length-delimited fields), enough to
/// walk an ONNX ModelProto without generated code. Errors throw <see cref="ProtoFormatException"/> with the
/// byte offset.
/// </summary>
internal sealed class ProtoReader
{
    internal const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    private readonly byte[] buffer;
    private readonly int end;
    private int position;

    internal ProtoReader(byte[] buffer) : this(buffer, 0, buffer.Length) { }

    internal ProtoReader(byte[] buffer, int start, int length)
    {
        if (start < 0 || length < 0 || start + length > buffer.Length) throw new InvalidDataException("A field runs past the end of the file.");
        this.buffer = buffer;
        position = start;
        end = start + length;
    }

    /// <summary>Offset of the reader in the whole buffer (for error messages).</summary>
    internal int Position => position;

    /// <summary>Reads the next field's tag; false at the end of this message.</summary>
    internal bool Next(out int field, out int wireType)
    {
        if (position >= end)
        {
            field = wireType = 0;
            return false;
        }
        ulong tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field <= 0) throw Error("field number 0");
        return true;
    }

    internal ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= end) throw Error("truncated varint");
            byte b = buffer[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw Error("varint longer than 10 bytes");
    }

    internal long ReadInt64() => (long)ReadVarint();

    internal float ReadFloat() => BitConverter.Int32BitsToSingle((int)ReadFixed(4));

    internal double ReadDouble() => BitConverter.Int64BitsToDouble((long)ReadFixed(8));

    /// <summary>Reads a length-delimited field and returns its start and length in the buffer.</summary>
    internal (int Start, int Length) ReadSpan()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(end - position)) throw Error($"a field of {length} bytes runs past the end of its message");
        int start = position;
        position += (int)length;
        return (start, (int)length);
    }

    internal ReadOnlySpan<byte> ReadBytes()
    {
        var (start, length) = ReadSpan();
        return buffer.AsSpan(start, length);
    }

    internal string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    /// <summary>A reader over an embedded message.</summary>
    internal ProtoReader ReadMessage()
    {
        var (start, length) = ReadSpan();
        return new ProtoReader(buffer, start, length);
    }

    /// <summary>Reads a repeated int64 field, packed (wire type 2) or one element (wire type 0).</summary>
    internal void ReadInt64s(int wireType, List<long> into)
    {
        if (wireType == Varint)
        {
            into.Add(ReadInt64());
            return;
        }
        Expect(wireType, LengthDelimited);
        var inner = ReadMessage();
        while (inner.position < inner.end) into.Add(inner.ReadInt64());
    }

    /// <summary>Reads a repeated float field, packed (wire type 2) or one element (wire type 5).</summary>
    internal void ReadFloats(int wireType, List<float> into)
    {
        if (wireType == Fixed32)
        {
            into.Add(ReadFloat());
            return;
        }
        Expect(wireType, LengthDelimited);
        var bytes = ReadBytes();
        if (bytes.Length % 4 != 0) throw Error("packed floats not a multiple of 4 bytes");
        into.AddRange(LittleEndianFloats(bytes));
    }

    /// <summary>Decodes little-endian IEEE floats (the layout of packed floats and of ONNX raw_data).</summary>
    internal static float[] LittleEndianFloats(ReadOnlySpan<byte> bytes)
    {
        var floats = new float[bytes.Length / 4];
        if (BitConverter.IsLittleEndian)
        {
            bytes[..(floats.Length * 4)].CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan()));
        }
        else
        {
            for (int i = 0; i < floats.Length; i++)
                floats[i] = BitConverter.Int32BitsToSingle(System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4, 4)));
        }
        return floats;
    }

    internal void Expect(int wireType, int expected)
    {
        if (wireType != expected) throw Error($"wire type {wireType} where {expected} was expected");
    }

    /// <summary>Skips a field of the given wire type.</summary>
    internal void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: ReadFixed(8); break;
            case LengthDelimited: ReadSpan(); break;
            case Fixed32: ReadFixed(4); break;
            default: throw Error($"unsupported wire type {wireType}");
        }
    }

    private ulong ReadFixed(int size)
    {
        if (end - position < size) throw Error("truncated fixed-size field");
        ulong value = 0;
        for (int i = 0; i < size; i++) value |= (ulong)buffer[position + i] << (8 * i);
        position += size;
        return value;
    }

    private ProtoFormatException Error(string problem) => new(problem, position);
}
