using FineTuneDomains.Core;
using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

/// <summary>
/// Truncated and bit-flipped copies of corpus files (fixed seed) must either read completely or fail with a
/// <see cref="DataFormatException"/> — never another exception, never a hang.
/// </summary>
public class FuzzTests
{
    private static readonly string[] Seeds =
    [
        "ct16s_ele.dcm", "ct16s_ileundef.dcm", "ct16s_eleundef.dcm", "ct16s_ebe.dcm", "ct16s_def.dcm",
        "ct16s_rle.dcm", "ct16s_jpl70.dcm", "ct16s_jpl57sv4.dcm", "ct16s_gdcmjpl.dcm", "multi16_jpl57.dcm",
        "multi16_rle.dcm", "rgb8p_ele.dcm", "rgb8_jpl70.dcm", "s32_ebe.dcm", "ct16s_bareile.dcm", "mono8_jpegbaseline.dcm",
        "multi16_jpl70fragnobot.dcm", "ct16s_rlefrag.dcm", "mono8_def.dcm",
    ];

    [Fact]
    public void Open_TruncatedAndBitFlippedCopies_SucceedOrThrowDataFormatException()
    {
        // FTD_FUZZ_ITERATIONS / FTD_FUZZ_SEED run a longer or different campaign locally (default: 250 per file).
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("FTD_FUZZ_ITERATIONS"), out var it) ? it : 250;
        var rng = new Random(int.TryParse(Environment.GetEnvironmentVariable("FTD_FUZZ_SEED"), out var sd) ? sd : 20261126);
        var tmp = Path.Combine(Path.GetTempPath(), $"ftd-fuzz-{Environment.ProcessId}.dcm");
        int ok = 0, rejected = 0, withOffset = 0;
        try
        {
            foreach (var name in Seeds)
            {
                var original = File.ReadAllBytes(TestData.PathOf(name));
                for (int iter = 0; iter < iterations; iter++)
                {
                    var bytes = Mutate(original, rng, iter);
                    File.WriteAllBytes(tmp, bytes);
                    try
                    {
                        ReadEverything(tmp);
                        ok++;
                    }
                    catch (DataFormatException e)
                    {
                        Assert.Contains(tmp, e.Message);
                        rejected++;
                        if (e.Offset is not null) withOffset++;
                    }
                    catch (Exception e)
                    {
                        var keep = Path.Combine(Path.GetTempPath(), $"ftd-fuzz-failure-{name}-{iter}.dcm");
                        File.Copy(tmp, keep, true);
                        Assert.Fail($"{name} mutation {iter} (kept as {keep}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                    }
                }
            }
        }
        finally { File.Delete(tmp); }
        Assert.True(rejected > 2 * iterations, $"only {rejected} mutations were rejected");
        Assert.True(ok > iterations / 2, $"only {ok} mutations were read");
        // Nearly every rejection says where the problem is (the rest concern the file as a whole).
        Assert.True(withOffset >= rejected * 0.9, $"only {withOffset} of {rejected} rejections give a byte offset");
    }

    private static byte[] Mutate(byte[] original, Random rng, int iter)
    {
        switch (iter % 5)
        {
            case 0: // truncate anywhere
                return original.AsSpan(0, rng.Next(original.Length)).ToArray();
            case 1: // truncate inside the header part (first 1 KB), where lengths live
                return original.AsSpan(0, rng.Next(Math.Min(1024, original.Length))).ToArray();
            default:
                {
                    var b = (byte[])original.Clone();
                    int flips = 1 + rng.Next(iter % 5 == 4 ? 40 : 4);
                    // Most flips land in the first 1 KB (tags, VRs, lengths); some anywhere (pixel data).
                    for (int i = 0; i < flips; i++)
                    {
                        int pos = rng.Next(3) == 0 ? rng.Next(b.Length) : rng.Next(Math.Min(1024, b.Length));
                        if (rng.Next(4) == 0) b[pos] = (byte)(rng.Next(2) == 0 ? 0xFF : 0x00);
                        else b[pos] ^= (byte)(1 << rng.Next(8));
                    }
                    return b;
                }
        }
    }

    private static void ReadEverything(string path)
    {
        var f = DicomFile.Open(path);
        Walk(f.Meta);
        Walk(f.Dataset);
        if (f.Dataset.Contains(DicomTag.PixelData))
        {
            var pd = f.GetPixelData();
            pd.ReadAllFrames();
        }
    }

    private static void Walk(DicomDataset ds)
    {
        foreach (var e in ds)
        {
            if (e.IsSequence) foreach (var item in e.Items) Walk(item);
            else if (e.Tag != DicomTag.PixelData) ds.ValueAsText(e);
        }
        ds.GetNumbers(DicomTag.Rows);
        ds.GetStrings(DicomTag.PatientName);
    }
}
