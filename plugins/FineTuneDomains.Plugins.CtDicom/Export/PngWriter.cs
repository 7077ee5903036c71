using System.Buffers.Binary;
using System.IO.Compression;

namespace FineTuneDomains.Plugins.CtDicom.Export;

/// <summary>A minimal PNG encoder (8-bit grey or RGB, no filtering) for windowed previews.</summary>
public static class PngWriter
{
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>Writes values in 0..1 (H × W, or H × W × 3 interleaved) as an 8-bit PNG.</summary>
    public static void Write(string path, ReadOnlySpan<float> values, int width, int height, int channels)
    {
        if (channels is not (1 or 3)) throw new ArgumentException("PNG preview needs 1 or 3 channels", nameof(channels));
        if (values.Length != width * height * channels) throw new ArgumentException("size does not match the values", nameof(values));
        var raw = new byte[height * (width * channels + 1)];
        for (int y = 0, i = 0; y < height; y++)
        {
            int row = y * (width * channels + 1);
            raw[row] = 0; // filter: none
            for (int x = 0; x < width * channels; x++, i++)
                raw[row + 1 + x] = (byte)Math.Clamp((int)MathF.Round(values[i] * 255f), 0, 255);
        }
        using var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) zs.Write(raw);

        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        fs.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = (byte)(channels == 1 ? 0 : 2);
        Chunk(fs, "IHDR", ihdr);
        Chunk(fs, "IDAT", z.ToArray());
        Chunk(fs, "IEND", []);
    }

    private static void Chunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        s.Write(four);
        Span<byte> t = stackalloc byte[4];
        for (int i = 0; i < 4; i++) t[i] = (byte)type[i];
        s.Write(t);
        s.Write(data);
        uint crc = Update(Update(0xFFFFFFFF, t), data) ^ 0xFFFFFFFF;
        BinaryPrimitives.WriteUInt32BigEndian(four, crc);
        s.Write(four);
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] MakeCrcTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }
}
