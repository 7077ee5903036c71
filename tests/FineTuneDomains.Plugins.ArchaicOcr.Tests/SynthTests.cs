using FineTuneDomains.Core;
using FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;
using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using FineTuneDomains.Plugins.ArchaicOcr.Synth;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class SynthTests
{
    [Fact]
    public void Render_SameSeed_IsIdentical()
    {
        using var a = new LineSynthesizer(new SynthOptions(SynthScript.Blackletter, Seed: 42));
        using var b = new LineSynthesizer(new SynthOptions(SynthScript.Blackletter, Seed: 42));
        var (imageA, lineA) = a.Render(3);
        var (imageB, lineB) = b.Render(3);

        Assert.Equal(lineA, lineB);
        Assert.Equal(imageA.Pixels, imageB.Pixels);
    }

    [Fact]
    public void Render_OtherSeedOrIndex_Differs()
    {
        using var a = new LineSynthesizer(new SynthOptions(SynthScript.Latin, Seed: 1));
        using var b = new LineSynthesizer(new SynthOptions(SynthScript.Latin, Seed: 2));
        Assert.NotEqual(a.Render(0).Line.Text + a.Render(0).Line.Degradation, b.Render(0).Line.Text + b.Render(0).Line.Degradation);
        Assert.NotEqual(a.Render(0).Image.Pixels, a.Render(1).Image.Pixels);
    }

    [Theory]
    [InlineData("latin")]
    [InlineData("blackletter")]
    [InlineData("greek-polytonic")]
    [InlineData("medieval-latin")]
    public void Render_EachScript_DrawsOnlyCoveredTextAsDarkInkOnPaper(string name)
    {
        using var synth = new LineSynthesizer(new SynthOptions(SynthScripts.Parse(name), Seed: 7));
        for (var i = 0; i < 3; i++)
        {
            var (image, line) = synth.Render(i);
            Assert.InRange(line.Text.Length, 8, 80);
            Assert.Equal(line.Text.Normalize(System.Text.NormalizationForm.FormC), line.Text);
            Assert.True(image.Width > 2 * image.Height, $"{image.Width}x{image.Height}");
            var sorted = image.Pixels.OrderBy(p => p).ToArray();
            Assert.True(sorted[sorted.Length / 2] - sorted[sorted.Length / 100] > 60, "ink must stand out from paper");
        }
    }

    [Fact]
    public void Render_PeriodScripts_UsePeriodLetters()
    {
        using var black = new LineSynthesizer(new SynthOptions(SynthScript.Blackletter, Seed: 3));
        using var medieval = new LineSynthesizer(new SynthOptions(SynthScript.MedievalLatin, Seed: 3));
        using var greek = new LineSynthesizer(new SynthOptions(SynthScript.GreekPolytonic, Seed: 3));
        var blackText = string.Concat(Enumerable.Range(0, 10).Select(i => black.Render(i).Line.Text));
        var medievalText = string.Concat(Enumerable.Range(0, 10).Select(i => medieval.Render(i).Line.Text));
        var greekText = string.Concat(Enumerable.Range(0, 5).Select(i => greek.Render(i).Line.Text));

        Assert.Contains('ſ', blackText);
        Assert.Contains('ſ', medievalText);
        Assert.Contains(medievalText, c => "ꝯꝓꝰāēīōū".Contains(c));
        Assert.Contains(greekText, c => c is >= '\u1F00' and <= '\u1FFF');
    }

    [Fact]
    public void Write_Folder_WritesPairsTheReaderReadsBack()
    {
        using var dir = new TempFolder();
        using var synth = new LineSynthesizer(new SynthOptions(SynthScript.GreekPolytonic, Count: 3, Seed: 5));

        var lines = synth.Write(dir.Path);

        var set = GroundTruthReader.Read(new[] { dir.Path });
        Assert.Equal(lines.Select(l => l.Text), set.Lines.Select(l => l.Text));
        Assert.Equal(4, File.ReadAllLines(dir.File("lines.tsv")).Length);
        var image = set.Lines[0].LoadImage();
        Assert.True(image.Height >= 30);
    }

    [Fact]
    public void Write_ExtraFontsFolder_AddsFontsWithCoreLetters()
    {
        using var dir = new TempFolder();
        dir.Copy(Path.Combine(FontCatalog.ShippedFolder, "GFSDidot.otf"), "extra/Didot-copy.otf");
        dir.Copy(Path.Combine(FontCatalog.ShippedFolder, "Blankenburg_UNZ1A.ttf"), "extra/Blankenburg-copy.ttf");

        using var synth = new LineSynthesizer(new SynthOptions(SynthScript.GreekPolytonic, FontsFolder: dir.File("extra")));

        // Blankenburg has no Greek: it is not used for Greek lines.
        Assert.Equal(new[] { "GFSDidot.otf", "Didot-copy.otf" }, synth.FontNames);
    }

    [Fact]
    public void New_WordsFileInHunspellForm_StripsFlagsAndCount()
    {
        using var dir = new TempFolder();
        var dic = dir.Write("el.dic", "3\nλόγος/ABC\nθεός/X\nἀρχή\n");
        Assert.Equal(new[] { "λόγος", "θεός", "ἀρχή" }, SynthText.ReadWords(dic));
    }

    [Theory]
    [InlineData("Wasser", "Waſſer")]
    [InlineData("das", "das")]
    [InlineData("ist,", "iſt,")]
    [InlineData("Gottes", "Gottes")]
    [InlineData("schuff", "ſchuff")]
    public void LongS_Word_FollowsPrintingRule(string word, string expected)
    {
        Assert.Equal(expected, SynthText.LongS(word));
    }

    [Fact]
    public void Abbreviate_KnownForms_UseScribalSigns()
    {
        var always = new FixedRandom(0.0);
        Assert.Equal("ꝯtinenter", SynthText.Abbreviate("continenter", always));
        Assert.Equal("ꝓvinciae", SynthText.Abbreviate("provinciae", always));
        Assert.Equal("fortiſſimꝰ", SynthText.Abbreviate("fortiſſimus", always));
        Assert.Equal("tādem", SynthText.Abbreviate("tandem", always));
    }

    [Fact]
    public void Apply_ZeroStrength_LeavesCleanRendering()
    {
        var clean = new GreyImage(20, 10);
        Array.Fill(clean.Pixels, (byte)255);
        clean[5, 5] = 0;
        var settings = Degradation.Draw(new Random(1), 0);
        var result = Degrader.Apply(clean, settings, new Random(1));
        Assert.Equal(0, settings.Noise);
        Assert.Equal(255, result[0, 0]);
        Assert.InRange(result[5, 5], 0, 12);
    }

    [Fact]
    public void Parse_UnknownScript_IsSettingsError()
    {
        Assert.Throws<UserErrorException>(() => SynthScripts.Parse("cyrillic"));
    }

    private sealed class FixedRandom : Random
    {
        private readonly double value;

        public FixedRandom(double value) => this.value = value;

        public override double NextDouble() => value;
    }
}
