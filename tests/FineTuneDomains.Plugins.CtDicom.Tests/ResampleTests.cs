using FineTuneDomains.Plugins.CtDicom.Plugin;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

public class ResampleTests
{
    private static float[] Ramp(int rows, int cols) => Enumerable.Range(0, rows * cols).Select(i => (float)(i % cols * 10 + i / cols)).ToArray();

    [Fact]
    public void Resample_SameSpacingAndSize_IsIdentity()
    {
        var src = Ramp(8, 8);
        Assert.Equal(src, CtSliceReader.Resample(src, 8, 8, 0.7, 0.7, 8, 0.7));
        Assert.Equal(src, CtSliceReader.Resample(src, 8, 8, 0.7, 0.7, 8, null));
    }

    [Fact]
    public void Resample_TargetSpacingLarger_ShrinksAndPadsWithAir()
    {
        // 8 px at 1 mm to 2 mm spacing: the image covers 4 output pixels in the middle of 8, air around it.
        var src = Enumerable.Repeat(100f, 64).ToArray();
        var r = CtSliceReader.Resample(src, 8, 8, 1, 1, 8, 2);
        Assert.Equal(CtSliceReader.Air, r[0]);
        Assert.Equal(CtSliceReader.Air, r[8 * 8 - 1]);
        Assert.Equal(100f, r[4 * 8 + 4]);
        Assert.Equal(16, r.Count(v => v == 100f));
    }

    [Fact]
    public void Resample_NonSquarePixels_KeepsPhysicalAspect()
    {
        // 4 rows of 2 mm x 8 columns of 1 mm is 8 mm square: fitting it into 8x8 fills the whole output.
        var src = Enumerable.Repeat(5f, 32).ToArray();
        var r = CtSliceReader.Resample(src, 4, 8, 2, 1, 8, null);
        Assert.All(r, v => Assert.Equal(5f, v));
        // 4 x 8 pixels of 1 mm (4 mm x 8 mm): the rows fill half the height, air above and below.
        var half = CtSliceReader.Resample(src, 4, 8, 1, 1, 8, null);
        Assert.Equal(CtSliceReader.Air, half[0]);
        Assert.Equal(5f, half[4 * 8 + 3]);
    }
}
