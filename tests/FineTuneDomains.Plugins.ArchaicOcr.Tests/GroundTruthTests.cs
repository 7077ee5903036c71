using FineTuneDomains.Core;
using FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;
using FineTuneDomains.Plugins.ArchaicOcr.Imaging;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class GroundTruthTests
{
    private const string MinimalPage = """
        <?xml version="1.0" encoding="UTF-8"?>
        <PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">
          <Page imageFilename="page.png" imageWidth="40" imageHeight="20">
            <TextRegion id="r1">
              <TextLine id="l1">
                <Coords points="COORDS"/>
                <TextEquiv><Unicode>TEXT</Unicode></TextEquiv>
              </TextLine>
            </TextRegion>
          </Page>
        </PcGts>
        """;

    [Theory]
    [InlineData("lines/latin-grey.gt.txt", "lines/latin-grey.png", "Gallia est omnis divisa in partes tres")]
    [InlineData("lines/fraktur-colour.gt.txt", "lines/fraktur-colour.jpg", "Im Anfang ſchuf Gott Himmel und Erde")]
    [InlineData("lines/greek-oxia.gt.txt", "lines/greek-oxia.tif", "\u1F10\u03BD \u1F00\u03C1\u03C7\u1FC7 \u1F26\u03BD \u1F41 \u03BB\u1F79\u03B3\u03BF\u03C2 \u1F00\u03B3\u1F71\u03C0\u03B7")]
    public void ReadPair_CommittedLine_FindsImageAndText(string gt, string image, string text)
    {
        var line = TesstrainReader.ReadPair(TestData.File(gt));

        Assert.Equal(TestData.File(image), line.ImagePath);
        Assert.Equal(text, line.Text);
        var grey = line.LoadImage();
        Assert.True(grey.Width > 5 * grey.Height);
        Assert.Contains(grey.Pixels, p => p < 100);  // ink
        Assert.Contains(grey.Pixels, p => p > 180);  // paper
    }

    [Fact]
    public void Load_ColourJpeg_ConvertsToGrey()
    {
        var grey = GreyImage.Load(TestData.File("lines/fraktur-colour.jpg"));
        // Sepia paper (232, 220, 190) has luminance ~218; brown ink (60, 40, 30) ~45 (JPEG ringing spreads both).
        var sorted = grey.Pixels.OrderBy(p => p).ToArray();
        Assert.InRange(sorted[sorted.Length / 2], 205, 230);
        Assert.InRange(sorted[sorted.Length / 50], 25, 80);
    }

    [Fact]
    public void Read_Folder_ReadsPairsAndBothPageVersions()
    {
        var set = GroundTruthReader.Read(new[] { TestData.Root });

        Assert.Equal(3 + 3 + 3, set.Lines.Count);
        Assert.Equal(2, set.UntranscribedPageLines);
        Assert.Equal(2, set.Lines.Count(l => l.Text == "Italiam fato profugus Laviniaque venit"));
    }

    [Theory]
    [InlineData("page2019/aeneid.xml")]
    [InlineData("page2013/page/aeneid.xml")]
    public void Read_PageXml_ReadsLinesInOrderWithPolygons(string file)
    {
        var lines = PageXmlReader.Read(TestData.File(file), out var untranscribed);

        Assert.Equal(1, untranscribed);
        Assert.Equal(
            new[] { "Arma virumque cano Troiae qui primus ab oris", "Italiam fato profugus Laviniaque venit", "litora multum ille et terris iactatus" },
            lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(4, l.Polygon!.Count));
        Assert.All(lines, l => Assert.EndsWith("aeneid.png", l.ImagePath));
        Assert.Contains("TextLine 'l2'", lines[1].Source);
    }

    [Theory]
    [InlineData("page2019/aeneid.xml", 1, -4.0)]
    [InlineData("page2019/aeneid.xml", 2, 3.0)]
    [InlineData("page2013/page/aeneid.xml", 1, -4.0)]
    [InlineData("page2013/page/aeneid.xml", 2, 3.0)]
    [InlineData("page2019/aeneid.xml", 0, 0.0)]
    public void LineAngle_RotatedPageLine_MatchesDrawnAngle(string file, int index, double expected)
    {
        var line = PageXmlReader.Read(TestData.File(file), out _)[index];
        // Polygon corners are rounded to whole pixels in the file: about 0.3 degree of slack.
        Assert.InRange(LineCutter.LineAngle(line.Polygon!, line.Baseline), expected - 0.4, expected + 0.4);
    }

    [Theory]
    [InlineData("page2019/aeneid.xml")]
    [InlineData("page2013/page/aeneid.xml")]
    public void LoadImage_RotatedPageLine_CutsLevelLine(string file)
    {
        var line = PageXmlReader.Read(TestData.File(file), out _)[1];

        var cut = line.LoadImage(deskew: true);
        var uncorrected = line.LoadImage(deskew: false);

        // The drawn line is 4 degrees off; after the cut the text runs level and the cut is about text height.
        Assert.InRange(Math.Abs(Deskewer.EstimateAngle(cut)), 0, 0.5);
        Assert.InRange(Math.Abs(Deskewer.EstimateAngle(uncorrected)), 3, 5);
        Assert.InRange(cut.Height, 38, 50);
        Assert.True(cut.Height < uncorrected.Height - 20);
    }

    [Fact]
    public void Cut_PixelsOutsidePolygon_AreWhite()
    {
        var page = new GreyImage(40, 20);  // all black
        var triangle = new List<(double X, double Y)> { (0, 0), (40, 0), (0, 20) };
        var cut = LineCutter.Cut(page, triangle, null, deskew: false);

        Assert.Equal(40, cut.Width);
        Assert.Equal(20, cut.Height);
        Assert.Equal(0, cut[2, 2]);
        Assert.Equal(255, cut[38, 18]);
    }

    [Fact]
    public void ReadPair_MissingImage_ThrowsNamingTranscription()
    {
        using var dir = new TempFolder();
        var gt = dir.Write("line1.gt.txt", "abc\n");
        var e = Assert.Throws<DataFormatException>(() => TesstrainReader.ReadPair(gt));
        Assert.Equal(gt, e.FilePath);
        Assert.Contains("no line image", e.Message);
    }

    [Theory]
    [InlineData("", "empty transcription")]
    [InlineData("  \n", "empty transcription")]
    [InlineData("one\ntwo\n", "2 lines")]
    public void ReadTranscription_BadText_Throws(string text, string problem)
    {
        using var dir = new TempFolder();
        var gt = dir.Write("l.gt.txt", text);
        var e = Assert.Throws<DataFormatException>(() => TesstrainReader.ReadTranscription(gt));
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void ReadTranscription_InvalidUtf8_ThrowsWithOffset()
    {
        using var dir = new TempFolder();
        var gt = dir.File("l.gt.txt");
        File.WriteAllBytes(gt, new byte[] { (byte)'a', (byte)'b', 0xC3, 0x28 });
        var e = Assert.Throws<DataFormatException>(() => TesstrainReader.ReadTranscription(gt));
        Assert.Equal(2, e.Offset);
    }

    [Fact]
    public void ReadTranscription_BomAndFinalNewline_AreRemoved()
    {
        using var dir = new TempFolder();
        var gt = dir.File("l.gt.txt");
        File.WriteAllBytes(gt, new byte[] { 0xEF, 0xBB, 0xBF, (byte)'s', 0xC5, 0xBF, (byte)'\r', (byte)'\n' });
        Assert.Equal("sſ", TesstrainReader.ReadTranscription(gt));
    }

    [Fact]
    public void LoadImage_CorruptPng_ThrowsDataFormat()
    {
        using var dir = new TempFolder();
        var png = dir.File("l.png");
        var bytes = File.ReadAllBytes(TestData.File("lines/latin-grey.png"));
        File.WriteAllBytes(png, bytes.Take(200).ToArray());
        dir.Write("l.gt.txt", "x");
        var line = TesstrainReader.ReadPair(dir.File("l.gt.txt"));
        var e = Assert.Throws<DataFormatException>(() => line.LoadImage());
        Assert.Equal(png, e.FilePath);
    }

    [Fact]
    public void Read_NotWellFormed_ThrowsWithLineNumber()
    {
        using var dir = new TempFolder();
        var xml = dir.Write("p.xml", MinimalPage.Replace("COORDS", "0,0 10,0 10,5").Replace("TEXT", "a").Replace("</TextLine>", "</TextLin>"));
        var e = Assert.Throws<DataFormatException>(() => PageXmlReader.Read(xml, out _));
        Assert.Equal(xml, e.FilePath);
        Assert.Contains("line 8", e.Problem);
    }

    [Theory]
    [InlineData("0,0 10,0 10,5", "", "line 5 (TextLine 'l1'): empty transcription")]
    [InlineData("0,0 10,x 10,5", "abc", "'10,x'")]
    [InlineData("0,0 10,0", "abc", "2 point(s)")]
    public void Read_BadLine_ThrowsNamingLine(string coords, string text, string problem)
    {
        using var dir = new TempFolder();
        new GreyImage(40, 20).SavePng(dir.File("page.png"));
        var xml = dir.Write("p.xml", MinimalPage.Replace("COORDS", coords).Replace("TEXT", text));
        var e = Assert.Throws<DataFormatException>(() => PageXmlReader.Read(xml, out _));
        Assert.Equal(xml, e.FilePath);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void Read_MissingPageImage_ThrowsNamingImage()
    {
        using var dir = new TempFolder();
        var xml = dir.Write("p.xml", MinimalPage.Replace("COORDS", "0,0 10,0 10,5").Replace("TEXT", "a"));
        var e = Assert.Throws<DataFormatException>(() => PageXmlReader.Read(xml, out _));
        Assert.Contains("'page.png'", e.Problem);
    }

    [Fact]
    public void Read_NotPage_ThrowsNamingRoot()
    {
        using var dir = new TempFolder();
        var xml = dir.Write("alto.xml", "<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\"/>");
        var e = Assert.Throws<DataFormatException>(() => PageXmlReader.Read(xml, out _));
        Assert.Contains("not a PAGE PcGts", e.Problem);
        Assert.False(PageXmlReader.IsPageXml(xml));
    }

    [Fact]
    public void Read_PageWithPointChildren_ReadsPolygon()
    {
        using var dir = new TempFolder();
        new GreyImage(40, 20).SavePng(dir.File("page.png"));
        var xml = dir.Write("p.xml", MinimalPage
            .Replace("<Coords points=\"COORDS\"/>", "<Coords><Point x=\"1\" y=\"2\"/><Point x=\"30\" y=\"2\"/><Point x=\"30\" y=\"12\"/></Coords>")
            .Replace("TEXT", "abc"));
        var line = Assert.Single(PageXmlReader.Read(xml, out _));
        Assert.Equal(new (double, double)[] { (1, 2), (30, 2), (30, 12) }, line.Polygon);
    }
}
