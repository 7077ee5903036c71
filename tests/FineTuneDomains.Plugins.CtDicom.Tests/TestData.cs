namespace FineTuneDomains.Plugins.CtDicom.Tests;

/// <summary>Resolves the committed corpus (tests/data/ct-dicom) and describes its source images.</summary>
internal static class TestData
{
    public static string Dir { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "data", "ct-dicom");
            if (File.Exists(Path.Combine(candidate, "sources.txt"))) return candidate;
        }
        throw new DirectoryNotFoundException("tests/data/ct-dicom not found above " + AppContext.BaseDirectory);
    }

    public static string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>One line of sources.txt (written by make_sources.py).</summary>
    public sealed record Source(string Name, int Rows, int Columns, int Frames, int Samples, int BitsAllocated,
        int BitsStored, int HighBit, int PixelRepresentation, int Planar)
    {
        /// <summary>The stored values DCMTK would report: masked, sign-extended, samples interleaved.</summary>
        public long[] ExpectedValues()
        {
            var raw = File.ReadAllBytes(PathOf(Name + ".raw"));
            int bps = BitsAllocated / 8, pixels = Rows * Columns, n = pixels * Samples * Frames;
            var r = new long[n];
            ulong mask = (1UL << BitsStored) - 1;
            int shift = HighBit + 1 - BitsStored;
            for (int k = 0; k < n; k++)
            {
                int frame = k / (pixels * Samples), inFrame = k % (pixels * Samples);
                int src = Planar == 1 ? frame * pixels * Samples + (inFrame % Samples) * pixels + inFrame / Samples : k;
                ulong v = 0;
                for (int b = 0; b < bps; b++) v |= (ulong)raw[src * bps + b] << (8 * b);
                v = (v >> shift) & mask;
                long s = (long)v;
                if (PixelRepresentation == 1 && (v & (1UL << (BitsStored - 1))) != 0) s -= 1L << BitsStored;
                r[k] = s;
            }
            return r;
        }
    }

    public static IReadOnlyDictionary<string, Source> Sources { get; } = File.ReadAllLines(Path.Combine(Dir, "sources.txt"))
        .Where(l => l.Length > 0)
        .Select(l => l.Split(' '))
        .Select(p => new Source(p[0], int.Parse(p[1]), int.Parse(p[2]), int.Parse(p[3]), int.Parse(p[4]), int.Parse(p[5]),
            int.Parse(p[6]), int.Parse(p[7]), int.Parse(p[8]), int.Parse(p[9])))
        .ToDictionary(s => s.Name);

    /// <summary>Files whose pixel data the reader must decode.</summary>
    public static IEnumerable<string> DecodableFiles() => Directory.GetFiles(Dir, "*.dcm")
        .Select(Path.GetFileName).Select(f => f!)
        .Where(f => !f.Contains("jpegbaseline") && !f.Contains("jpegls") && !f.Contains("j2k"))
        .OrderBy(f => f, StringComparer.Ordinal);

    public static IEnumerable<object[]> DecodableFileData() => DecodableFiles().Select(f => new object[] { f });

    public static IEnumerable<object[]> AllFileData() => Directory.GetFiles(Dir, "*.dcm")
        .Select(f => new object[] { Path.GetFileName(f) }).OrderBy(f => (string)f[0], StringComparer.Ordinal);
}
