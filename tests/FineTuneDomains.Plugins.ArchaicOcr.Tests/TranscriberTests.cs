using System.Xml.Linq;
using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using FineTuneDomains.Plugins.ArchaicOcr.Model;
using FineTuneDomains.Plugins.ArchaicOcr.Plugin;
using FineTuneDomains.Plugins.ArchaicOcr.Text;
using TorchSharp;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class TranscriberTests
{
    private static Transcriber Untrained(out Alphabet alphabet)
    {
        torch.manual_seed(1);
        alphabet = Alphabet.FromTexts(["abcdefghilmnopqrstuv "], TextNormalization.Nfc);
        var crnn = new Crnn(new CrnnOptions(Height: 16, Channels: [4, 8, 8], Hidden: 8, Layers: 1), alphabet.ClassCount);
        crnn.eval();
        return new Transcriber(x => { using var _ = torch.no_grad(); return crnn.call(x); }, alphabet, new LinePreprocessing(Height: 16), 1, crnn);
    }

    [Fact]
    public void Run_PageXml_WritesPageWithOneTextEquivPerLineBesideInput()
    {
        using var dir = new TempFolder();
        dir.Copy(TestData.File("page2019/aeneid.png"), "aeneid.png");
        var page = dir.Copy(TestData.File("page2019/aeneid.xml"), "aeneid.xml");
        using var transcriber = Untrained(out var alphabet);

        var written = transcriber.Run([page], pageOutput: true, outDir: null);

        var output = Assert.Single(written).File;
        Assert.Equal(dir.File("aeneid.ocr.xml"), output);
        var document = XDocument.Load(output);
        var ns = document.Root!.Name.Namespace;
        Assert.Equal("http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15", ns.NamespaceName);
        var lines = document.Descendants(ns + "TextLine").ToList();
        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.Single(l.Elements(ns + "TextEquiv")));
        Assert.All(lines, l => Assert.All(l.Element(ns + "TextEquiv")!.Element(ns + "Unicode")!.Value, c => Assert.Contains(c.ToString(), alphabet.Symbols)));

        // TextEquiv follows Coords/Baseline, as the PAGE schema orders them.
        var l4 = lines[3].Elements().Select(e => e.Name.LocalName).ToList();
        Assert.Equal(new[] { "Coords", "TextEquiv" }, l4);
        Assert.Equal(File.ReadAllText(TestData.File("page2019/aeneid.xml")), File.ReadAllText(page));
    }

    [Fact]
    public void Run_LineImagesAsText_WritesTxtIntoOutFolder()
    {
        using var dir = new TempFolder();
        using var transcriber = Untrained(out _);

        var written = transcriber.Run([TestData.File("lines")], pageOutput: false, outDir: dir.File("out"));

        Assert.Equal(new[] { "fraktur-colour.txt", "greek-oxia.txt", "latin-grey.txt" }, written.Select(w => Path.GetFileName(w.File)));
        Assert.All(written, w => Assert.True(File.Exists(w.File)));
    }

    [Fact]
    public void Recognise_SameLinesTwice_GivesSameTexts()
    {
        using var transcriber = Untrained(out _);
        var line = GreyImage.Load(TestData.File("lines/latin-grey.png"));
        Assert.Equal(transcriber.Recognise([line, line])[0], transcriber.Recognise([line])[0]);
    }
}
