namespace FineTuneDomains.Plugins.CtDicom.Dicom.Codecs;

/// <summary>
/// Huffman-coded lossless JPEG (ITU T.81 process 14, SOF3): predictors 1–7, point transform, precision
/// 2–16 bits, interleaved or one-component scans, restart intervals. Bounded by the frame size: corrupt
/// input decodes to garbage or fails, never loops.
/// </summary>
internal sealed class JpegLosslessDecoder
{
    private readonly byte[] _d;
    private int _pos;
    private readonly HuffmanTable?[] _tables = new HuffmanTable?[4];
    private int _restartInterval;
    private int _precision, _width, _height;
    private int[] _compIds = [];
    private ushort[]? _recon;
    private bool[] _compDone = [];

    private JpegLosslessDecoder(byte[] data) => _d = data;

    /// <summary>Decoded image: samples interleaved per pixel, in the file's precision.</summary>
    public sealed record Image(int Width, int Height, int Components, int Precision, ushort[] Samples);

    /// <summary>Decodes a frame; maxSamples bounds the image size (the DICOM header's rows × columns × samples).</summary>
    public static Image Decode(byte[] data, long maxSamples)
    {
        var dec = new JpegLosslessDecoder(data);
        return dec.Run(maxSamples);
    }

    private int Need(int n)
    {
        if (_pos + n > _d.Length) throw new CodecException("JPEG data ends inside a marker segment", _pos);
        int p = _pos;
        _pos += n;
        return p;
    }

    private int U16() { int p = Need(2); return _d[p] << 8 | _d[p + 1]; }
    private int U8() => _d[Need(1)];

    private Image Run(long maxSamples)
    {
        if (_d.Length < 2 || _d[0] != 0xFF || _d[1] != 0xD8) throw new CodecException("JPEG data does not start with SOI (FFD8)");
        _pos = 2;
        bool frameSeen = false;
        while (true)
        {
            // Find the next marker, skipping fill bytes.
            while (_pos < _d.Length && _d[_pos] != 0xFF) _pos++;
            while (_pos < _d.Length && _d[_pos] == 0xFF) _pos++;
            if (_pos >= _d.Length)
            {
                if (_recon is not null && AllDone()) break; // EOI missing: tolerated (IJG warns)
                throw new CodecException("JPEG data ends before the image is complete", _pos);
            }
            int marker = _d[_pos++];
            int markerPos = _pos - 2;
            switch (marker)
            {
                case 0xD8: break;
                case 0xD9:
                    if (_recon is null || !AllDone()) throw new CodecException("JPEG data ends (EOI) before the image is complete", markerPos);
                    return new Image(_width, _height, _compIds.Length, _precision, _recon);
                case 0xC3:
                    if (frameSeen) throw new CodecException("JPEG data has a second frame header", markerPos);
                    ReadFrameHeader(maxSamples);
                    frameSeen = true;
                    break;
                case 0xC4: ReadHuffmanTables(); break;
                case 0xDD:
                    if (U16() != 4) throw new CodecException("bad DRI segment length", markerPos);
                    _restartInterval = U16();
                    break;
                case 0xDA:
                    if (!frameSeen) throw new CodecException("JPEG scan before the frame header", markerPos);
                    ReadScan();
                    break;
                case >= 0xC0 and <= 0xCF when marker is not (0xC4 or 0xC8 or 0xCC):
                    throw new CodecException($"JPEG frame is SOF{marker - 0xC0} (not lossless process 14, SOF3)", markerPos);
                case >= 0xD0 and <= 0xD7: break; // stray restart marker
                case 0x01: break;
                default:
                    {
                        int len = U16();
                        if (len < 2) throw new CodecException($"JPEG marker FF{marker:X2} has bad length {len}", markerPos);
                        Need(len - 2);
                        break;
                    }
            }
        }
        return new Image(_width, _height, _compIds.Length, _precision, _recon!);
    }

    private bool AllDone()
    {
        foreach (var b in _compDone) if (!b) return false;
        return true;
    }

    private void ReadFrameHeader(long maxSamples)
    {
        int start = _pos;
        int len = U16();
        _precision = U8();
        _height = U16();
        _width = U16();
        int nf = U8();
        if (len != 8 + 3 * nf) throw new CodecException("bad SOF3 segment length", start);
        if (_precision is < 2 or > 16) throw new CodecException($"JPEG precision {_precision} is not 2..16", start);
        if (_height == 0) throw new CodecException("JPEG with height 0 (DNL) is not supported", start);
        if (nf is < 1 or > 4) throw new CodecException($"JPEG has {nf} components", start);
        if ((long)_width * _height * nf > maxSamples)
            throw new CodecException($"JPEG frame {_width}x{_height}x{nf} is larger than the DICOM header says", start);
        _compIds = new int[nf];
        for (int i = 0; i < nf; i++)
        {
            _compIds[i] = U8();
            int hv = U8();
            U8();
            if (hv != 0x11) throw new CodecException("JPEG lossless with subsampled components is not supported", start);
        }
        _recon = new ushort[(long)_width * _height * nf];
        _compDone = new bool[nf];
    }

    private void ReadHuffmanTables()
    {
        int start = _pos;
        int end = U16() + start;
        if (end > _d.Length) throw new CodecException("DHT segment runs past the end of the data", start);
        while (_pos < end)
        {
            int tcth = U8();
            if ((tcth & 0x0F) > 3) throw new CodecException("Huffman table id above 3", start);
            var counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) { counts[i] = U8(); total += counts[i]; }
            if (total > 256) throw new CodecException("Huffman table with more than 256 codes", start);
            int p = Need(total);
            if ((tcth >> 4) == 0) _tables[tcth & 0x0F] = new HuffmanTable(counts, _d.AsSpan(p, total));
        }
        if (_pos != end) throw new CodecException("DHT segment length does not match its tables", start);
    }

    private void ReadScan()
    {
        int start = _pos;
        int len = U16();
        int ns = U8();
        if (ns < 1 || ns > _compIds.Length || len != 6 + 2 * ns) throw new CodecException("bad SOS segment", start);
        var comps = new int[ns];
        var tables = new HuffmanTable[ns];
        for (int i = 0; i < ns; i++)
        {
            int id = U8(), t = U8();
            int ci = Array.IndexOf(_compIds, id);
            if (ci < 0) throw new CodecException($"scan names unknown component {id}", start);
            comps[i] = ci;
            if ((t >> 4) > 3) throw new CodecException($"scan uses Huffman table {t >> 4} (only 0..3 exist)", start);
            if (Array.IndexOf(comps, ci, 0, i) >= 0) throw new CodecException($"scan names component {id} twice", start);
            tables[i] = _tables[t >> 4] ?? throw new CodecException($"scan uses Huffman table {t >> 4}, which is not defined", start);
        }
        int predictor = U8();
        U8(); // Se
        int pt = U8() & 0x0F;
        if (predictor is < 1 or > 7) throw new CodecException($"lossless predictor {predictor} is not 1..7", start);
        if (pt >= _precision) throw new CodecException($"point transform {pt} too large for precision {_precision}", start);
        DecodeScan(comps, tables, predictor, pt);
        foreach (var c in comps) _compDone[c] = true;
    }

    private void DecodeScan(int[] comps, HuffmanTable[] tables, int predictor, int pt)
    {
        var recon = _recon!;
        int nf = _compIds.Length, ns = comps.Length, w = _width, h = _height;
        int initial = 1 << (_precision - pt - 1);
        var br = new BitReader(_d, _pos);
        int mcus = 0, resetRow = 0, resetCol = 0;
        int rowStride = w * nf;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                if (_restartInterval > 0 && mcus == _restartInterval)
                {
                    br.Restart();
                    mcus = 0; resetRow = y; resetCol = x;
                }
                int idx = y * rowStride + x * nf;
                for (int k = 0; k < ns; k++)
                {
                    int c = comps[k];
                    int diff = br.DecodeDifference(tables[k]);
                    int i = idx + c;
                    int pred;
                    if (y == resetRow && x == resetCol) pred = initial;
                    else if (y == resetRow) pred = recon[i - nf];
                    else if (x == 0) pred = recon[i - rowStride];
                    else
                    {
                        int ra = recon[i - nf], rb = recon[i - rowStride], rc = recon[i - rowStride - nf];
                        pred = predictor switch
                        {
                            1 => ra,
                            2 => rb,
                            3 => rc,
                            4 => ra + rb - rc,
                            5 => ra + ((rb - rc) >> 1),
                            6 => rb + ((ra - rc) >> 1),
                            _ => (ra + rb) >> 1,
                        };
                    }
                    recon[i] = (ushort)(pred + diff);
                }
                mcus++;
            }
        }
        if (br.OverrunBytes > 0) throw new CodecException("JPEG scan data ends before the image is complete", br.Position);
        _pos = br.Position;
        if (pt > 0)
            foreach (var c in comps)
                for (int i = c; i < recon.Length; i += nf) recon[i] = (ushort)(recon[i] << pt);
    }

    /// <summary>Canonical Huffman table with a 9-bit lookup for short codes.</summary>
    internal sealed class HuffmanTable
    {
        public const int LookBits = 9;
        public readonly ushort[] Lookup = new ushort[1 << LookBits];
        public readonly int[] MaxCode = new int[18];
        public readonly int[] ValOffset = new int[18];
        public readonly byte[] Values;

        public HuffmanTable(int[] counts, ReadOnlySpan<byte> values)
        {
            Values = values.ToArray();
            int code = 0, k = 0;
            for (int len = 1; len <= 16; len++)
            {
                ValOffset[len] = k - code;
                for (int i = 0; i < counts[len]; i++, k++, code++)
                {
                    if (len <= LookBits)
                    {
                        int shift = LookBits - len;
                        for (int j = 0; j < 1 << shift; j++)
                        {
                            int slot = (code << shift) | j;
                            if (slot < Lookup.Length) Lookup[slot] = (ushort)(len << 8 | Values[k]);
                        }
                    }
                }
                MaxCode[len] = counts[len] > 0 ? code - 1 : -1;
                code <<= 1;
            }
            MaxCode[17] = int.MaxValue;
        }
    }

    /// <summary>MSB-first bit reader over entropy-coded data: removes stuffed zeros, feeds zeros at markers.</summary>
    private struct BitReader(byte[] d, int pos)
    {
        private ulong _buf;
        private int _count;
        private int _zeroFed;

        public readonly int Position => pos;
        /// <summary>Bytes consumed beyond the real entropy-coded data.</summary>
        public readonly int OverrunBytes => Math.Max(0, _zeroFed - _count / 8);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private void Fill()
        {
            while (_count <= 56)
            {
                int b = 0;
                if (pos < d.Length && _zeroFed == 0)
                {
                    b = d[pos];
                    if (b == 0xFF)
                    {
                        int next = pos + 1 < d.Length ? d[pos + 1] : 0xD9;
                        if (next == 0x00) pos += 2;
                        else { b = 0; _zeroFed++; }
                    }
                    else pos++;
                }
                else _zeroFed++;
                _buf |= (ulong)b << (56 - _count);
                _count += 8;
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private int Bits(int n)
        {
            if (n == 0) return 0;
            if (_count < n) Fill();
            int v = (int)(_buf >> (64 - n));
            _buf <<= n;
            _count -= n;
            return v;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public int DecodeDifference(HuffmanTable t)
        {
            if (_count < 32) Fill();
            int look = (int)(_buf >> (64 - HuffmanTable.LookBits));
            int e = t.Lookup[look];
            int ssss;
            if (e != 0)
            {
                int len = e >> 8;
                _buf <<= len;
                _count -= len;
                ssss = e & 0xFF;
            }
            else
            {
                int len = HuffmanTable.LookBits + 1;
                int code = (int)(_buf >> (64 - len));
                while (len <= 16 && code > t.MaxCode[len]) { len++; code = (int)(_buf >> (64 - len)); }
                if (len > 16) throw new CodecException("invalid Huffman code in JPEG data", pos);
                _buf <<= len;
                _count -= len;
                int vi = t.ValOffset[len] + code;
                if ((uint)vi >= (uint)t.Values.Length) throw new CodecException("invalid Huffman code in JPEG data", pos);
                ssss = t.Values[vi];
            }
            if (ssss == 0) return 0;
            if (ssss == 16) return 32768;
            if (ssss > 16) throw new CodecException($"JPEG difference category {ssss} above 16", pos);
            int v = Bits(ssss);
            return v < 1 << (ssss - 1) ? v - (1 << ssss) + 1 : v;
        }

        /// <summary>Discards buffered bits and expects an RSTn marker.</summary>
        public void Restart()
        {
            if (OverrunBytes > 0) throw new CodecException("JPEG restart interval ends early", pos);
            _buf = 0; _count = 0; _zeroFed = 0;
            // Skip what is left of the interval (padding, fill bytes) up to the marker.
            while (pos + 1 < d.Length && !(d[pos] == 0xFF && d[pos + 1] is >= 0xD0 and <= 0xD7))
            {
                if (d[pos] == 0xFF && d[pos + 1] != 0x00 && d[pos + 1] != 0xFF)
                    throw new CodecException("expected a JPEG restart marker", pos);
                pos++;
            }
            if (pos + 1 >= d.Length) throw new CodecException("expected a JPEG restart marker", pos);
            pos += 2;
        }
    }
}
