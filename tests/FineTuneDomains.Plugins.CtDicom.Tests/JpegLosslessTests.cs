using FineTuneDomains.Plugins.CtDicom.Dicom.Codecs;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

/// <summary>
/// Decoder paths the DCMTK corpus does not reach (DCMTK's encoder writes no restart intervals): a small
/// independent encoder written from T.81 H.1 makes streams with DRI/RSTn, difference category 16 and
/// multiple components.
/// </summary>
public class JpegLosslessTests
{
    /// <summary>Encodes samples (interleaved components) as lossless JPEG with every category coded in 5 bits.</summary>
    private static byte[] Encode(ushort[] samples, int width, int height, int comps, int precision, int predictor, int restart, int pt = 0)
    {
        var o = new List<byte> { 0xFF, 0xD8 };
        void Seg(int marker, params byte[] body) { o.Add(0xFF); o.Add((byte)marker); o.Add((byte)((body.Length + 2) >> 8)); o.Add((byte)(body.Length + 2)); o.AddRange(body); }
        var sof = new List<byte> { (byte)precision, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, (byte)comps };
        for (int c = 0; c < comps; c++) sof.AddRange([(byte)(c + 1), 0x11, 0]);
        Seg(0xC3, [.. sof]);
        var dht = new List<byte> { 0x00 };
        for (int l = 1; l <= 16; l++) dht.Add((byte)(l == 5 ? 17 : 0));
        for (int v = 0; v <= 16; v++) dht.Add((byte)v); // symbol v has code v, 5 bits
        Seg(0xC4, [.. dht]);
        if (restart > 0) Seg(0xDD, (byte)(restart >> 8), (byte)restart);
        var sos = new List<byte> { (byte)comps };
        for (int c = 0; c < comps; c++) sos.AddRange([(byte)(c + 1), 0x00]);
        sos.AddRange([(byte)predictor, 0, (byte)pt]);
        Seg(0xDA, [.. sos]);

        ulong acc = 0; int nbits = 0;
        void Put(int value, int bits)
        {
            for (int i = bits - 1; i >= 0; i--)
            {
                acc = (acc << 1) | (uint)((value >> i) & 1);
                if (++nbits == 8) { o.Add((byte)acc); if ((byte)acc == 0xFF) o.Add(0); acc = 0; nbits = 0; }
            }
        }
        void Flush() { while (nbits != 0) Put(1, 1); }

        int P(int i) => samples[i] >> pt;
        int mcus = 0, rst = 0, resetRow = 0, resetCol = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                if (restart > 0 && mcus == restart)
                {
                    Flush();
                    o.Add(0xFF); o.Add((byte)(0xD0 + (rst++ & 7)));
                    mcus = 0; resetRow = y; resetCol = x;
                }
                for (int c = 0; c < comps; c++)
                {
                    int i = (y * width + x) * comps + c;
                    int pred;
                    if (y == resetRow && x == resetCol) pred = 1 << (precision - pt - 1);
                    else if (y == resetRow) pred = P(i - comps);
                    else if (x == 0) pred = P(i - width * comps);
                    else
                    {
                        int ra = P(i - comps), rb = P(i - width * comps), rc = P(i - width * comps - comps);
                        pred = predictor switch { 1 => ra, 2 => rb, 3 => rc, 4 => ra + rb - rc, 5 => ra + ((rb - rc) >> 1), 6 => rb + ((ra - rc) >> 1), _ => (ra + rb) >> 1 };
                    }
                    int diff = (P(i) - pred) & 0xFFFF;
                    if (diff >= 32768) diff -= 65536; // -32768 is coded as +32768 (category 16)
                    if (diff == -32768) { Put(16, 5); continue; }
                    int cat = 0;
                    while ((1 << cat) <= Math.Abs(diff)) cat++;
                    Put(cat, 5);
                    if (cat > 0) Put(diff >= 0 ? diff : diff + (1 << cat) - 1, cat);
                }
                mcus++;
            }
        Flush();
        o.AddRange([0xFF, 0xD9]);
        return [.. o];
    }

    private static ushort[] Image(int width, int height, int comps, int precision, int seed)
    {
        var r = new Random(seed);
        var s = new ushort[width * height * comps];
        for (int i = 0; i < s.Length; i++) s[i] = (ushort)r.Next(1 << precision);
        if (precision == 16) { s[0] = 0; s[1 * comps] = 32768; s[2 * comps] = 65535; s[3 * comps] = 0; } // category 16 jumps
        return s;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(4, 7)]
    [InlineData(6, 16)]
    [InlineData(7, 23)]
    [InlineData(5, 1)]
    public void Decode_RestartIntervals_ReproducesSamples(int predictor, int restart)
    {
        var img = Image(16, 9, 1, 16, predictor * 31 + restart);
        var dec = JpegLosslessDecoder.Decode(Encode(img, 16, 9, 1, 16, predictor, restart), 16 * 9);
        Assert.Equal(img, dec.Samples);
    }

    [Fact]
    public void Decode_ThreeComponentsWithPointTransform_ReproducesShiftedSamples()
    {
        var img = Image(7, 5, 3, 12, 3).Select(v => (ushort)(v & ~3)).ToArray();
        var dec = JpegLosslessDecoder.Decode(Encode(img, 7, 5, 3, 12, 7, 5, pt: 2), 7 * 5 * 3);
        Assert.Equal(3, dec.Components);
        Assert.Equal(img, dec.Samples);
    }

    [Fact]
    public void Decode_MissingRestartMarker_ThrowsCodecException()
    {
        var data = Encode(Image(8, 4, 1, 8, 1), 8, 4, 1, 8, 1, 8);
        // Break the last RSTn marker (FF Dn -> FF 00, a stuffed byte): the decoder must notice it is missing.
        for (int i = data.Length - 3; i > 0; i--)
            if (data[i] == 0xFF && data[i + 1] is >= 0xD0 and <= 0xD7) { data[i + 1] = 0x00; break; }
        Assert.Throws<CodecException>(() => JpegLosslessDecoder.Decode(data, 32));
    }

    /// <summary>Regression: a scan naming Huffman table 5 indexed past the four table slots (found by fuzzing).</summary>
    [Fact]
    public void Decode_ScanNamesHuffmanTableAbove3_ThrowsCodecException()
    {
        var data = Encode(Image(4, 4, 1, 8, 2), 4, 4, 1, 8, 1, 0);
        int sos = Enumerable.Range(0, data.Length - 1).First(i => data[i] == 0xFF && data[i + 1] == 0xDA);
        data[sos + 6] = 0x50; // Td = 5
        var ex = Assert.Throws<CodecException>(() => JpegLosslessDecoder.Decode(data, 16));
        Assert.Contains("table 5", ex.Message);
    }
}
