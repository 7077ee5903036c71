using System.Buffers.Binary;

namespace FineTuneDomains.Plugins.CtDicom.Dicom.Codecs;

/// <summary>
/// DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per
/// byte plane (most significant byte first, sample by sample).
/// </summary>
internal static class RleDecoder
{
    /// <summary>
    /// Decodes one frame into little-endian interleaved raw values (pixels × samples × bytesPerSample).
    /// </summary>
    public static void DecodeFrame(ReadOnlySpan<byte> data, Span<byte> output, int pixels, int samples, int bytesPerSample)
    {
        if (data.Length < 64) throw new CodecException($"RLE header needs 64 bytes, frame has {data.Length}");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(data);
        int expected = samples * bytesPerSample;
        if (count != expected) throw new CodecException($"RLE frame has {count} segments, expected {expected}");
        var plane = new byte[pixels];
        for (int seg = 0; seg < expected; seg++)
        {
            uint start = BinaryPrimitives.ReadUInt32LittleEndian(data[(4 + seg * 4)..]);
            uint end = seg + 1 < expected ? BinaryPrimitives.ReadUInt32LittleEndian(data[(8 + seg * 4)..]) : (uint)data.Length;
            if (start < 64 || start > end || end > data.Length)
                throw new CodecException($"RLE segment {seg} has offsets {start}..{end} outside the frame of {data.Length} bytes", 4 + seg * 4);
            int got = PackBits(data[(int)start..(int)end], plane);
            if (got < pixels)
                throw new CodecException($"RLE segment {seg} decodes to {got} bytes, expected {pixels}", (int)start);
            int sample = seg / bytesPerSample, byteInSample = bytesPerSample - 1 - seg % bytesPerSample;
            int stride = samples * bytesPerSample, o = sample * bytesPerSample + byteInSample;
            for (int p = 0; p < pixels; p++, o += stride) output[o] = plane[p];
        }
    }

    /// <summary>PackBits into dest; returns bytes written (stops when dest is full).</summary>
    private static int PackBits(ReadOnlySpan<byte> src, Span<byte> dest)
    {
        int i = 0, o = 0;
        while (i < src.Length && o < dest.Length)
        {
            int n = (sbyte)src[i++];
            if (n >= 0)
            {
                int c = Math.Min(Math.Min(n + 1, src.Length - i), dest.Length - o);
                src.Slice(i, c).CopyTo(dest[o..]);
                i += n + 1;
                o += c;
            }
            else if (n != -128)
            {
                if (i >= src.Length) break;
                int c = Math.Min(1 - n, dest.Length - o);
                dest.Slice(o, c).Fill(src[i++]);
                o += c;
            }
        }
        return o;
    }
}
