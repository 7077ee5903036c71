using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>
/// Decoded stored pixel values, frames × rows × columns × samples (samples interleaved), little-endian in
/// <see cref="Data"/>, already masked to Bits Stored and sign-extended: the values DCMTK reports as stored.
/// </summary>
public sealed class PixelArray
{
    internal PixelArray(PixelDataType type, int frames, int rows, int columns, int samples, byte[] data)
    {
        DataType = type; Frames = frames; Rows = rows; Columns = columns; Samples = samples; Data = data;
    }

    public PixelDataType DataType { get; }
    public int Frames { get; }
    public int Rows { get; }
    public int Columns { get; }
    public int Samples { get; }
    /// <summary>The values, little-endian, in the width of <see cref="DataType"/>.</summary>
    public byte[] Data { get; }
    public int Count => Frames * Rows * Columns * Samples;
    public int BytesPerValue => BytesOf(DataType);

    internal static int BytesOf(PixelDataType t) => t switch
    {
        PixelDataType.UInt8 or PixelDataType.Int8 => 1,
        PixelDataType.UInt16 or PixelDataType.Int16 => 2,
        _ => 4,
    };

    /// <summary>Value number i (frame-major, samples last).</summary>
    public long this[int i] => DataType switch
    {
        PixelDataType.UInt8 => Data[i],
        PixelDataType.Int8 => (sbyte)Data[i],
        PixelDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(Data.AsSpan(i * 2)),
        PixelDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(Data.AsSpan(i * 2)),
        PixelDataType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(Data.AsSpan(i * 4)),
        _ => BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan(i * 4)),
    };

    /// <summary>Writes value * slope + intercept for every value (the modality LUT's linear form).</summary>
    public void ToFloat(Span<float> dest, double slope = 1, double intercept = 0)
    {
        if (dest.Length < Count) throw new ArgumentException("destination too small", nameof(dest));
        float s = (float)slope, b = (float)intercept;
        int n = Count;
        switch (DataType)
        {
            case PixelDataType.UInt8:
                for (int i = 0; i < n; i++) dest[i] = Data[i] * s + b;
                break;
            case PixelDataType.Int8:
                for (int i = 0; i < n; i++) dest[i] = (sbyte)Data[i] * s + b;
                break;
            case PixelDataType.UInt16:
                { var v = MemoryMarshal.Cast<byte, ushort>(Data.AsSpan(0, n * 2)); for (int i = 0; i < n; i++) dest[i] = v[i] * s + b; }
                break;
            case PixelDataType.Int16:
                { var v = MemoryMarshal.Cast<byte, short>(Data.AsSpan(0, n * 2)); for (int i = 0; i < n; i++) dest[i] = v[i] * s + b; }
                break;
            case PixelDataType.UInt32:
                { var v = MemoryMarshal.Cast<byte, uint>(Data.AsSpan(0, n * 4)); for (int i = 0; i < n; i++) dest[i] = (float)(v[i] * slope + intercept); }
                break;
            default:
                { var v = MemoryMarshal.Cast<byte, int>(Data.AsSpan(0, n * 4)); for (int i = 0; i < n; i++) dest[i] = (float)(v[i] * slope + intercept); }
                break;
        }
    }

    /// <summary>All values as float32 modality values (value * slope + intercept).</summary>
    public float[] ToFloatArray(double slope = 1, double intercept = 0)
    {
        var r = new float[Count];
        ToFloat(r, slope, intercept);
        return r;
    }
}
