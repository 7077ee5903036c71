using System.IO.Compression;
using System.Text;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>
/// A DICOM file: Part 10 (128-byte preamble, "DICM", file meta group) or a bare data set without either.
/// Opening parses every element except large binary values; pixel data is decoded by <see cref="GetPixelData"/>.
/// </summary>
public sealed class DicomFile
{
    /// <summary>Deflated data sets may not inflate beyond this (guards against deflate bombs).</summary>
    internal const long MaxInflatedBytes = 1L << 30;

    private DicomFile(string path, DicomDataset meta, DicomDataset dataset, TransferSyntax ts, bool preamble)
    {
        FilePath = path; Meta = meta; Dataset = dataset; TransferSyntax = ts; HasPreamble = preamble;
    }

    public string FilePath { get; }
    /// <summary>File meta information (group 0002); empty for files without it.</summary>
    public DicomDataset Meta { get; }
    public DicomDataset Dataset { get; }
    public TransferSyntax TransferSyntax { get; }
    public bool HasPreamble { get; }

    /// <summary>Reads a file; any problem with its content is a <see cref="DataFormatException"/>.</summary>
    public static DicomFile Open(string path)
    {
        FileByteSource src;
        try { src = new FileByteSource(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot be opened: {e.Message}", null, e);
        }
        try
        {
            return Parse(path, src);
        }
        catch (EndOfStreamException e)
        {
            throw new DataFormatException(path, e.Message, null, e);
        }
        finally
        {
            src.Dispose();
        }
    }

    /// <summary>Cheap check: Part 10 signature, or a plausible first element of a bare data set.</summary>
    public static bool LooksLikeDicom(string path)
    {
        try
        {
            using var fs = File.OpenRead(path);
            Span<byte> b = stackalloc byte[132];
            int n = fs.ReadAtLeast(b, 132, throwOnEndOfStream: false);
            if (n >= 132 && b.Slice(128, 4).SequenceEqual("DICM"u8)) return true;
            if (n < 8) return false;
            ushort g = (ushort)(b[0] | b[1] << 8);
            return (g is 0x0002 or 0x0008) && (DicomParser.IsVRChars(b[4..]) || b[6] == 0 && b[7] == 0);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static DicomFile Parse(string path, FileByteSource src)
    {
        var parser = new DicomParser(path, src);
        long len = src.Length;
        long pos = 0;
        bool preamble = false;
        if (len >= 132 && parser.Peek(128, 4).SequenceEqual("DICM"u8)) { pos = 132; preamble = true; }
        else if (len >= 4 && parser.Peek(0, 4).SequenceEqual("DICM"u8)) pos = 4;
        else if (len < 8) throw parser.Error("too short to be a DICOM file", 0);

        var meta = new DicomDataset(path, null);
        if (len - pos >= 8 && parser.PeekTag(pos, false).Group == 0x0002)
            parser.ParseDataset(meta, ref pos, len, explicitVR: true, bigEndian: false, depth: 0, inItem: false, onlyGroup: 0x0002);
        else if (preamble)
            throw parser.Error("has the DICM signature but no file meta information (group 0002)", pos);

        var tsUid = meta.GetString(DicomTag.TransferSyntaxUID);
        TransferSyntax ts = string.IsNullOrEmpty(tsUid) ? Guess(parser, pos) : TransferSyntax.FromUid(tsUid);

        var dataset = new DicomDataset(path, null);
        if (ts.IsDeflated)
        {
            var inflated = Inflate(path, src, pos);
            var dp = new DicomParser(path, new MemoryByteSource(inflated), " in the inflated data set");
            long p = 0;
            dp.ParseDataset(dataset, ref p, inflated.Length, true, false, 0, false);
        }
        else if (pos < len)
        {
            bool explicitVR = ts.IsExplicitVR;
            // Quirk: a data set whose VR encoding differs from what the meta group declares.
            if (len - pos >= 8 && !ts.IsBigEndian)
            {
                bool looksExplicit = DicomParser.IsVRChars(parser.Peek(pos + 4, 2))
                    && DicomVR.IsKnown(Encoding.ASCII.GetString(parser.Peek(pos + 4, 2)));
                if (explicitVR && !looksExplicit) explicitVR = false;
                else if (!explicitVR && looksExplicit && !ts.IsEncapsulated) explicitVR = true;
            }
            parser.ParseDataset(dataset, ref pos, len, explicitVR, ts.IsBigEndian, 0, false);
        }
        return new DicomFile(path, meta, dataset, ts, preamble);
    }

    private static TransferSyntax Guess(DicomParser parser, long pos)
    {
        if (parser.Length - pos < 8) return TransferSyntax.ImplicitVRLittleEndian;
        var b = parser.Peek(pos, 8);
        ushort le = (ushort)(b[0] | b[1] << 8), be = (ushort)(b[0] << 8 | b[1]);
        bool vr = DicomParser.IsVRChars(b[4..]);
        if (vr && be < le && be <= 0x0028) return TransferSyntax.ExplicitVRBigEndian;
        return vr ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
    }

    private static byte[] Inflate(string path, ByteSource src, long pos)
    {
        long n = src.Length - pos;
        if (n > int.MaxValue) throw new DataFormatException(path, "deflated data set is too large", pos);
        var compressed = src.ReadArray(pos, (int)n);
        // Quirk: some writers put a zlib header before the raw deflate stream.
        bool zlib = n >= 2 && (compressed[0] & 0x0F) == 8 && ((compressed[0] << 8) | compressed[1]) % 31 == 0;
        using var input = new MemoryStream(compressed);
        using Stream z = zlib ? new ZLibStream(input, CompressionMode.Decompress) : new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buf = new byte[81920];
        try
        {
            int r;
            while ((r = z.Read(buf, 0, buf.Length)) > 0)
            {
                if (output.Length + r > MaxInflatedBytes)
                    throw new DataFormatException(path, $"deflated data set inflates beyond {MaxInflatedBytes} bytes", pos);
                output.Write(buf, 0, r);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"deflated data set is corrupt ({e.Message})", pos, e);
        }
        return output.ToArray();
    }

    /// <summary>The image pixel description and decoder; throws if the file has no pixel data.</summary>
    public DicomPixelData GetPixelData() => new(this);
}
