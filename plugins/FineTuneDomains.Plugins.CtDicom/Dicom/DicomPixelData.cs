using System.Buffers.Binary;
using FineTuneDomains.Core;
using FineTuneDomains.Plugins.CtDicom.Dicom.Codecs;

namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>
/// The image pixel module of a file and a decoder for its frames: native (any byte order, planar or
/// interleaved colour, 1/8/16/32 bits), RLE Lossless and JPEG Lossless process 14. Values come out as
/// stored values (masked to Bits Stored, sign-extended when Pixel Representation is 1).
/// </summary>
public sealed class DicomPixelData
{
    private readonly DicomFile _file;
    private readonly DicomElement _pixels;
    private readonly long _frameBytes;
    private List<(int First, int Count)>? _frameFragments;

    internal DicomPixelData(DicomFile file)
    {
        _file = file;
        var ds = file.Dataset;
        _pixels = ds.GetElement(DicomTag.PixelData) ?? throw Error("has no pixel data (7FE0,0010)", null);
        Rows = Required(DicomTag.Rows);
        Columns = Required(DicomTag.Columns);
        SamplesPerPixel = ds.GetInt(DicomTag.SamplesPerPixel) ?? 1;
        BitsAllocated = Required(DicomTag.BitsAllocated);
        BitsStored = ds.GetInt(DicomTag.BitsStored) ?? BitsAllocated;
        HighBit = ds.GetInt(DicomTag.HighBit) ?? BitsStored - 1;
        PixelRepresentation = ds.GetInt(DicomTag.PixelRepresentation) ?? 0;
        PlanarConfiguration = ds.GetInt(DicomTag.PlanarConfiguration) ?? 0;
        NumberOfFrames = ds.GetInt(DicomTag.NumberOfFrames) ?? 1;
        if (NumberOfFrames == 0) NumberOfFrames = 1; // DCMTK reads 0 as 1 as well
        PhotometricInterpretation = ds.GetString(DicomTag.PhotometricInterpretation) ?? (SamplesPerPixel == 1 ? "MONOCHROME2" : "RGB");

        long offset = _pixels.Offset;
        if (Rows <= 0 || Columns <= 0) throw Error($"has {Rows} rows and {Columns} columns", offset);
        if (BitsAllocated is not (1 or 8 or 16 or 32)) throw Error($"Bits Allocated {BitsAllocated} is not supported (1, 8, 16 or 32)", offset);
        if (BitsStored < 1 || BitsStored > BitsAllocated) throw Error($"Bits Stored {BitsStored} does not fit Bits Allocated {BitsAllocated}", offset);
        if (HighBit < BitsStored - 1 || HighBit >= BitsAllocated) throw Error($"High Bit {HighBit} does not fit Bits Stored {BitsStored}", offset);
        if (PixelRepresentation is not (0 or 1)) throw Error($"Pixel Representation {PixelRepresentation} is not 0 or 1", offset);
        if (SamplesPerPixel is not (1 or 3 or 4)) throw Error($"Samples per Pixel {SamplesPerPixel} is not supported", offset);
        if (NumberOfFrames < 0) throw Error($"Number of Frames {NumberOfFrames} is negative", offset);
        if (PhotometricInterpretation.EndsWith("_422", StringComparison.Ordinal) || PhotometricInterpretation.EndsWith("_420", StringComparison.Ordinal))
            throw Error($"subsampled colour ({PhotometricInterpretation}) is not supported; convert with 'dcmconv --write-xfer-little' after 'gdcmconv --raw'", offset);

        long bits = (long)Rows * Columns * SamplesPerPixel * BitsAllocated;
        _frameBytes = (bits + 7) / 8;
        if ((long)Rows * Columns * SamplesPerPixel * PixelArray.BytesOf(DataType) > Array.MaxLength)
            throw Error($"frame of {Rows}x{Columns}x{SamplesPerPixel} is too large", offset);

        var ts = file.TransferSyntax;
        if (_pixels.IsEncapsulated)
        {
            if (!ts.IsEncapsulated)
                throw Error($"has encapsulated pixel data but transfer syntax {ts} is not an encapsulated one", offset);
            if (!ts.IsSupported)
                throw Error($"pixel data is compressed as {ts.Name} ({ts.Uid}), which this reader does not decode; convert it first with '{ts.ConvertCommand}'", offset);
            if (NumberOfFrames > _pixels.Fragments!.Count - 1)
                throw Error($"Number of Frames is {NumberOfFrames} but the pixel data has only {_pixels.Fragments.Count - 1} fragments", offset);
            // A PackBits run of 2 bytes makes at most 128, a lossless JPEG sample takes at least 1 bit: a frame
            // cannot be much larger than its compressed bytes, so hostile dimensions are refused before allocating.
            long compressed = 0;
            foreach (var f in _pixels.Fragments) compressed += f.Length;
            if (_frameBytes * NumberOfFrames > 64 * compressed + 1024)
                throw Error($"{NumberOfFrames} frame(s) of {Rows}x{Columns}x{SamplesPerPixel} cannot come from {compressed} compressed bytes", offset);
        }
        else
        {
            if (ts.IsEncapsulated)
                throw Error($"transfer syntax {ts} needs encapsulated pixel data but the pixel data is native", offset);
            long totalBits = bits * NumberOfFrames;
            if ((totalBits + 7) / 8 > _pixels.Length)
                throw Error($"pixel data has {_pixels.Length} bytes, but {NumberOfFrames} frame(s) of {Rows}x{Columns}x{SamplesPerPixel} at {BitsAllocated} bits need {(totalBits + 7) / 8}", offset);
        }
    }

    public int Rows { get; }
    public int Columns { get; }
    public int SamplesPerPixel { get; }
    public int BitsAllocated { get; }
    public int BitsStored { get; }
    public int HighBit { get; }
    public int PixelRepresentation { get; }
    public int PlanarConfiguration { get; }
    public int NumberOfFrames { get; }
    public string PhotometricInterpretation { get; }
    public bool IsSigned => PixelRepresentation == 1 && BitsAllocated > 1;

    public PixelDataType DataType => BitsAllocated switch
    {
        1 => PixelDataType.UInt8,
        8 => IsSigned ? PixelDataType.Int8 : PixelDataType.UInt8,
        16 => IsSigned ? PixelDataType.Int16 : PixelDataType.UInt16,
        _ => IsSigned ? PixelDataType.Int32 : PixelDataType.UInt32,
    };

    private int Required(DicomTag tag) =>
        _file.Dataset.GetInt(tag) ?? throw Error($"has pixel data but no {DicomDictionary.KeywordOf(tag)} {tag}", _pixels.Offset);

    private DataFormatException Error(string problem, long? offset) => new(_file.FilePath, problem, offset);

    /// <summary>Decodes one frame (0-based).</summary>
    public PixelArray ReadFrame(int frame)
    {
        if ((uint)frame >= (uint)NumberOfFrames)
            throw new ArgumentOutOfRangeException(nameof(frame), $"frame {frame} of {NumberOfFrames}");
        int count = Rows * Columns * SamplesPerPixel;
        var dest = new byte[count * PixelArray.BytesOf(DataType)];
        DecodeFrameInto(frame, dest);
        return new PixelArray(DataType, 1, Rows, Columns, SamplesPerPixel, dest);
    }

    /// <summary>Decodes every frame into one array (frames × rows × columns × samples).</summary>
    public PixelArray ReadAllFrames()
    {
        long per = (long)Rows * Columns * SamplesPerPixel * PixelArray.BytesOf(DataType);
        if (per * NumberOfFrames > Array.MaxLength)
            throw Error($"{NumberOfFrames} frames do not fit in one array; read them one by one", _pixels.Offset);
        var dest = new byte[per * NumberOfFrames];
        for (int f = 0; f < NumberOfFrames; f++) DecodeFrameInto(f, dest.AsSpan((int)(f * per), (int)per));
        return new PixelArray(DataType, NumberOfFrames, Rows, Columns, SamplesPerPixel, dest);
    }

    private void DecodeFrameInto(int frame, Span<byte> dest)
    {
        int pixels = Rows * Columns;
        if (!_pixels.IsEncapsulated)
        {
            DecodeNative(frame, dest, pixels);
            return;
        }
        var ts = _file.TransferSyntax;
        var (data, dataOffset) = FrameBytes(frame);
        try
        {
            int bps = BitsAllocated / 8;
            if (BitsAllocated == 1) throw new CodecException("1-bit pixel data cannot be encapsulated");
            var raw = new byte[pixels * SamplesPerPixel * bps];
            if (ts == TransferSyntax.RleLossless)
            {
                RleDecoder.DecodeFrame(data, raw, pixels, SamplesPerPixel, bps);
            }
            else
            {
                var img = JpegLosslessDecoder.Decode(data, (long)pixels * SamplesPerPixel);
                if (img.Width != Columns || img.Height != Rows || img.Components != SamplesPerPixel)
                    throw new CodecException($"JPEG frame is {img.Width}x{img.Height}x{img.Components}, the DICOM header says {Columns}x{Rows}x{SamplesPerPixel}");
                if (img.Precision > BitsAllocated)
                    throw new CodecException($"JPEG precision {img.Precision} exceeds Bits Allocated {BitsAllocated}");
                var s = img.Samples;
                if (bps == 1) for (int i = 0; i < s.Length; i++) raw[i] = (byte)s[i];
                else if (bps == 2) for (int i = 0; i < s.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(i * 2), s[i]);
                else for (int i = 0; i < s.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(i * 4), s[i]);
            }
            Normalize(raw, dest, pixels, bigEndian: false, planar: false);
        }
        catch (CodecException e)
        {
            throw new DataFormatException(_file.FilePath, $"frame {frame} ({ts.Name}): {e.Message}", dataOffset + e.Offset, e);
        }
    }

    private void DecodeNative(int frame, Span<byte> dest, int pixels)
    {
        if (BitsAllocated == 1)
        {
            long bitStart = (long)frame * pixels * SamplesPerPixel;
            long byteStart = bitStart / 8;
            int n = pixels * SamplesPerPixel;
            var bytes = ReadRange(byteStart, (int)((bitStart % 8 + n + 7) / 8));
            int shift = (int)(bitStart % 8);
            for (int i = 0; i < n; i++) dest[i] = (byte)((bytes[(i + shift) >> 3] >> ((i + shift) & 7)) & 1);
            return;
        }
        var raw = ReadRange(frame * _frameBytes, (int)_frameBytes);
        bool be = _pixels.IsBigEndian;
        if (be && _pixels.VR == "OW" && BitsAllocated != 16)
        {
            // OW in big endian is swapped as 16-bit words: undo that, then read the values little-endian
            // (8 bits) or as little-endian pairs of words (32 bits).
            for (int i = 0; i + 1 < raw.Length; i += 2) (raw[i], raw[i + 1]) = (raw[i + 1], raw[i]);
            be = false;
        }
        Normalize(raw, dest, pixels, be, PlanarConfiguration == 1 && SamplesPerPixel > 1);
    }

    private byte[] ReadRange(long offset, int count)
    {
        return _pixels.ReadRange(offset, count);
    }

    /// <summary>Raw values (file order) to stored values: interleave, mask to Bits Stored, sign-extend.</summary>
    private void Normalize(ReadOnlySpan<byte> src, Span<byte> dst, int pixels, bool bigEndian, bool planar)
    {
        int spp = SamplesPerPixel, n = pixels * spp, bps = BitsAllocated / 8;
        int shift = HighBit + 1 - BitsStored;
        bool signed = IsSigned;
        if (!planar && !bigEndian && shift == 0 && BitsStored == BitsAllocated)
        {
            src[..(n * bps)].CopyTo(dst);
            return;
        }
        uint mask = BitsStored == 32 ? 0xFFFFFFFF : (1u << BitsStored) - 1;
        uint signBit = 1u << (BitsStored - 1);
        for (int k = 0; k < n; k++)
        {
            int si = planar ? (k % spp) * pixels + k / spp : k;
            uint v = bps switch
            {
                1 => src[si],
                2 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(src[(si * 2)..]) : BinaryPrimitives.ReadUInt16LittleEndian(src[(si * 2)..]),
                _ => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(src[(si * 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(src[(si * 4)..]),
            };
            v = (v >> shift) & mask;
            if (signed && (v & signBit) != 0) v |= ~mask;
            switch (bps)
            {
                case 1: dst[k] = (byte)v; break;
                case 2: BinaryPrimitives.WriteUInt16LittleEndian(dst[(k * 2)..], (ushort)v); break;
                default: BinaryPrimitives.WriteUInt32LittleEndian(dst[(k * 4)..], v); break;
            }
        }
    }

    /// <summary>The compressed bytes of one frame (its fragments joined) and the file offset of the first.</summary>
    private (byte[] Data, long Offset) FrameBytes(int frame)
    {
        _frameFragments ??= MapFragments();
        var (first, count) = _frameFragments[frame];
        var frags = _pixels.Fragments!;
        if (count == 1) return (_pixels.ReadFragment(first), frags[first].Offset);
        long total = 0;
        for (int i = first; i < first + count; i++) total += frags[i].Length;
        if (total > Array.MaxLength) throw Error($"frame {frame} is too large", frags[first].Offset);
        var data = new byte[total];
        int o = 0;
        for (int i = first; i < first + count; i++)
        {
            var b = _pixels.ReadFragment(i);
            b.CopyTo(data, o);
            o += b.Length;
        }
        return (data, frags[first].Offset);
    }

    private List<(int, int)> MapFragments()
    {
        var frags = _pixels.Fragments!;
        int dataFrags = frags.Count - 1, frames = NumberOfFrames;
        var map = new List<(int, int)>();
        if (frames == 1) { map.Add((1, dataFrags)); return map; }
        if (dataFrags == frames)
        {
            for (int i = 0; i < frames; i++) map.Add((i + 1, 1));
            return map;
        }
        // Basic offset table: offsets of each frame's first item, relative to the first item after the table.
        var bot = _pixels.ReadFragment(0);
        if (bot.Length >= 4 * frames)
        {
            long baseItem = frags[1].Offset - 8;
            var starts = new List<int>();
            for (int f = 0; f < frames; f++)
            {
                long target = baseItem + BinaryPrimitives.ReadUInt32LittleEndian(bot.AsSpan(f * 4));
                int idx = -1;
                for (int i = 1; i < frags.Count; i++) if (frags[i].Offset - 8 == target) { idx = i; break; }
                if (idx < 0 || (starts.Count > 0 && idx <= starts[^1]))
                    throw Error($"basic offset table entry {f} does not point at a fragment", frags[0].Offset);
                starts.Add(idx);
            }
            for (int f = 0; f < frames; f++) map.Add((starts[f], (f + 1 < frames ? starts[f + 1] : frags.Count) - starts[f]));
            return map;
        }
        if (_file.TransferSyntax != TransferSyntax.RleLossless)
        {
            // No table: a JPEG frame starts in a fragment that begins with SOI.
            for (int i = 1; i < frags.Count; i++)
            {
                var head = _pixels.ReadFragmentHead(i, 2);
                if (head.Length == 2 && head[0] == 0xFF && head[1] == 0xD8) map.Add((i, 1));
                else if (map.Count > 0) map[^1] = (map[^1].Item1, map[^1].Item2 + 1);
            }
            if (map.Count == frames) return map;
        }
        throw Error($"cannot tell which of the {dataFrags} fragments belong to which of the {frames} frames", frags[0].Offset);
    }
}
