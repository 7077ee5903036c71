using System.Runtime.InteropServices;
using System.Text;
using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Export;

/// <summary>Writes NumPy .npy files (format 1.0, little-endian, C order) that numpy.load reads as is.</summary>
public static class NpyWriter
{
    /// <summary>The dtype descriptor of stored values, e.g. '&lt;i2' for signed 16-bit.</summary>
    public static string Descr(PixelDataType t) => t switch
    {
        PixelDataType.UInt8 => "|u1",
        PixelDataType.Int8 => "|i1",
        PixelDataType.UInt16 => "<u2",
        PixelDataType.Int16 => "<i2",
        PixelDataType.UInt32 => "<u4",
        _ => "<i4",
    };

    /// <summary>Shape frames × rows × columns, with × samples for colour.</summary>
    public static int[] ShapeOf(PixelArray p) =>
        p.Samples == 1 ? [p.Frames, p.Rows, p.Columns] : [p.Frames, p.Rows, p.Columns, p.Samples];

    /// <summary>Writes the stored values in their stored integer type.</summary>
    public static void WriteStored(string path, PixelArray pixels) =>
        Write(path, Descr(pixels.DataType), ShapeOf(pixels), pixels.Data.AsSpan(0, pixels.Count * pixels.BytesPerValue));

    /// <summary>Writes float32 values with the given shape.</summary>
    public static void WriteFloat32(string path, ReadOnlySpan<float> values, int[] shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        if (n != values.Length) throw new ArgumentException($"shape has {n} values, data {values.Length}", nameof(shape));
        Write(path, "<f4", shape, MemoryMarshal.AsBytes(values));
    }

    internal static byte[] Header(string descr, int[] shape)
    {
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        // Magic (6) + version (2) + header length (2) + dict + padding + '\n' is a multiple of 64.
        int total = 10 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        var header = dict + new string(' ', pad) + "\n";
        var bytes = new byte[10 + header.Length];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = 1;
        bytes[7] = 0;
        bytes[8] = (byte)(header.Length & 0xFF);
        bytes[9] = (byte)(header.Length >> 8);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(10));
        return bytes;
    }

    private static void Write(string path, string descr, int[] shape, ReadOnlySpan<byte> data)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("npy export assumes a little-endian machine");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        fs.Write(Header(descr, shape));
        fs.Write(data);
    }
}
