using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using TorchSharp;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class PreprocessingTests
{
    private static GreyImage Bar(int width, int height, double degrees, byte paper = 230, byte ink = 30)
    {
        // A 4-pixel-thick dark line through the centre at the given angle (image coordinates), plus "letters".
        var image = new GreyImage(width, height);
        var t = Math.Tan(degrees * Math.PI / 180);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var centre = (height / 2.0) + ((x - (width / 2.0)) * t);
                var onBar = Math.Abs(y - centre) < 2;
                var onStem = x % 12 < 2 && Math.Abs(y - centre + 5) < 6;
                image[x, y] = onBar || onStem ? ink : paper;
            }
        }

        return image;
    }

    [Fact]
    public void OtsuThreshold_Bimodal_FallsBetweenModes()
    {
        var image = Bar(100, 30, 0, paper: 200, ink: 60);
        var t = Binarizer.OtsuThreshold(image);
        Assert.InRange(t, 60, 199);
        var binary = Binarizer.Apply(image, Binarization.Otsu);
        Assert.All(binary.Pixels, p => Assert.True(p is 0 or 255));
        Assert.Equal(image.Pixels.Count(p => p == 60), binary.Pixels.Count(p => p == 0));
    }

    [Fact]
    public void Sauvola_UnevenPaper_KeepsInkAndClearsDarkPaper()
    {
        // Paper darkens from 240 (left) to 120 (right); ink is 60 below the local paper. A global threshold fails.
        var image = new GreyImage(200, 40);
        for (var y = 0; y < 40; y++)
        {
            for (var x = 0; x < 200; x++)
            {
                var paper = 240 - (120 * x / 199.0);
                var ink = y is >= 18 and < 22 || (x % 20 < 3 && y is > 8 and < 30);
                image[x, y] = (byte)(ink ? paper - 60 : paper);
            }
        }

        var sauvola = Binarizer.Apply(image, Binarization.Sauvola);
        var otsu = Binarizer.Apply(image, Binarization.Otsu);

        int Errors(GreyImage b)
        {
            var errors = 0;
            for (var y = 0; y < 40; y++)
            {
                for (var x = 0; x < 200; x++)
                {
                    var ink = y is >= 18 and < 22 || (x % 20 < 3 && y is > 8 and < 30);
                    errors += (b[x, y] == 0) != ink ? 1 : 0;
                }
            }

            return errors;
        }

        Assert.True(Errors(sauvola) < 0.05 * 200 * 40, $"Sauvola errors {Errors(sauvola)}");
        Assert.True(Errors(sauvola) * 3 < Errors(otsu), $"Sauvola {Errors(sauvola)} vs Otsu {Errors(otsu)}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2.5)]
    [InlineData(-3)]
    public void EstimateAngle_SkewedLine_FindsAngle(double degrees)
    {
        Assert.InRange(Deskewer.EstimateAngle(Bar(300, 60, degrees)), degrees - 0.3, degrees + 0.3);
    }

    [Fact]
    public void Deskew_SkewedLine_BecomesLevel()
    {
        var level = Deskewer.Deskew(Bar(300, 60, 3));
        Assert.InRange(Deskewer.EstimateAngle(level), -0.3, 0.3);
    }

    [Fact]
    public void ToTensor_LineImage_HasFixedHeightKeptAspectAndInkOne()
    {
        var image = Bar(300, 60, 0, paper: 255, ink: 0);
        using var tensor = LinePreprocessor.ToTensor(image, new LinePreprocessing(Height: 32));

        Assert.Equal(new long[] { 1, 32, 160 }, tensor.shape);
        Assert.Equal(1f, tensor.max().ToSingle(), 2);
        Assert.Equal(0f, tensor.min().ToSingle(), 2);
        Assert.Equal(0f, tensor[0, 0, 5].ToSingle(), 2);  // paper row above the bar
    }

    [Fact]
    public void Prepare_Binarized_HasTwoLevelsAfterScaling()
    {
        var prepared = LinePreprocessor.Prepare(Bar(300, 60, 0, paper: 200, ink: 90), new LinePreprocessing(Height: 24, Binarization: Binarization.Otsu));
        Assert.Equal(24, prepared.Height);
        Assert.All(prepared.Pixels, p => Assert.True(p is 0 or 255));
    }

    [Fact]
    public void BucketBatches_Widths_GroupSimilarWidthsAndCoverAll()
    {
        var widths = new[] { 500, 90, 480, 100, 300, 310, 700 };
        var batches = LineBatcher.BucketBatches(widths, 2, new Random(1));

        Assert.Equal(Enumerable.Range(0, widths.Length), batches.SelectMany(b => b).OrderBy(i => i));
        var sets = batches.Select(b => string.Join(",", b.OrderBy(i => i))).OrderBy(s => s);
        Assert.Equal(new[] { "0,2", "1,3", "4,5", "6" }, sets);
        Assert.Equal(batches, LineBatcher.BucketBatches(widths, 2, new Random(1)));
    }

    [Fact]
    public void Collate_DifferentWidths_PadsWithZeroAndReportsLengths()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(1, 8, 10);
        var b = torch.ones(1, 8, 6);

        using var batch = LineBatcher.Collate(new[] { a, b }, new[] { new[] { 1, 2, 3 }, new[] { 4 } });

        Assert.Equal(new long[] { 2, 1, 8, 10 }, batch.Images.shape);
        Assert.Equal(new long[] { 10, 6 }, batch.Widths.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 2, 3, 4 }, batch.Targets.data<long>().ToArray());
        Assert.Equal(new long[] { 3, 1 }, batch.TargetLengths.data<long>().ToArray());
        Assert.Equal(0f, batch.Images[1, 0, 0, 6..].sum().ToSingle());
        Assert.Equal(48f, batch.Images[1].sum().ToSingle());
        Assert.Equal(16, batch.Mask.sum().ToInt64());
        Assert.False(batch.Mask[1, 6].ToBoolean());
    }
}
