using FineTuneDomains.Core;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class NormalizationTests
{
    private const string AlphaOxia = "\u1F71";   // ά GREEK SMALL LETTER ALPHA WITH OXIA
    private const string AlphaTonos = "\u03AC";  // ά GREEK SMALL LETTER ALPHA WITH TONOS
    private const string LongS = "\u017F";       // ſ

    [Fact]
    public void Apply_Nfc_MapsOxiaToTonos()
    {
        Assert.Equal(AlphaTonos, TextNormalizer.Apply(AlphaOxia, TextNormalization.Nfc));
        Assert.Equal(AlphaOxia, TextNormalizer.Apply(AlphaOxia, TextNormalization.None));
        Assert.Equal("\u03B1\u0301", TextNormalizer.Apply(AlphaOxia, TextNormalization.Nfd));
    }

    [Theory]
    [InlineData("NFC")]
    [InlineData("NFD")]
    [InlineData("none")]
    public void Apply_LongS_IsNeverFoldedIntoS(string form)
    {
        Assert.Equal("ſchuf", TextNormalizer.Apply("ſchuf", TextNormalizer.Parse(form)));
    }

    [Fact]
    public void FromTexts_Nfc_HoldsTonosNotOxia()
    {
        var alphabet = Alphabet.FromTexts(new[] { "ἀγ" + AlphaOxia + "πη" }, TextNormalization.Nfc);
        Assert.Contains(AlphaTonos, alphabet.Symbols);
        Assert.DoesNotContain(AlphaOxia, alphabet.Symbols);
    }

    [Fact]
    public void Encode_GroundTruthWithOxia_MatchesPredictionWithTonosUnderNfc()
    {
        var alphabet = Alphabet.FromTexts(new[] { "ἀγάπη" }, TextNormalization.Nfc);
        var fromOxia = alphabet.Encode("ἀγ" + AlphaOxia + "πη");
        var fromTonos = alphabet.Encode("ἀγ" + AlphaTonos + "πη");
        Assert.Equal(fromTonos, fromOxia);
        Assert.Equal("ἀγ" + AlphaTonos + "πη", alphabet.Decode(fromOxia));
    }

    [Fact]
    public void FindUncovered_NoneNormalizationWithOxiaAlphabet_ListsTonosWithCountAndExamples()
    {
        var alphabet = new Alphabet(new[] { "α", AlphaOxia, "γ", "π", "η" }, TextNormalization.None);
        var lines = new[] { ("a.gt.txt", "αγ" + AlphaTonos + "πη"), ("b.gt.txt", AlphaTonos + AlphaTonos), ("c.gt.txt", "αγ" + AlphaOxia) };

        var uncovered = AlphabetCoverage.FindUncovered(alphabet, lines);

        var single = Assert.Single(uncovered);
        Assert.Equal(AlphaTonos, single.Symbol);
        Assert.Equal(3, single.Count);
        Assert.Equal(new[] { "a.gt.txt: αγ" + AlphaTonos + "πη", "b.gt.txt: " + AlphaTonos + AlphaTonos }, single.Examples);
    }

    [Fact]
    public void FindUncovered_NfcAlphabetFromOxiaText_CoversBothSpellings()
    {
        var alphabet = Alphabet.FromTexts(new[] { "αγ" + AlphaOxia }, TextNormalization.Nfc);
        Assert.Empty(AlphabetCoverage.FindUncovered(alphabet, new[] { ("x", AlphaTonos), ("y", AlphaOxia) }));
    }

    [Fact]
    public void FindUncovered_LongSMissing_ListsLongSNotS()
    {
        var alphabet = Alphabet.FromTexts(new[] { "Im Anfang schuf Gott" }, TextNormalization.Nfc);
        var uncovered = AlphabetCoverage.FindUncovered(alphabet, new[] { ("l1", "Im Anfang ſchuf Gott"), ("l2", "ſo ſei es") });
        Assert.Equal(new[] { LongS, "e", "i" }, uncovered.Select(u => u.Symbol));
        Assert.Equal(3, uncovered[0].Count);
    }

    [Fact]
    public void EnsureCovered_Uncovered_ThrowsListingCharacter()
    {
        var alphabet = Alphabet.FromTexts(new[] { "abc" }, TextNormalization.Nfc);
        var e = Assert.Throws<UserErrorException>(() => AlphabetCoverage.EnsureCovered(alphabet, new[] { ("page.xml line 7", "abſ") }));
        Assert.Contains("U+017F", e.Message);
        Assert.Contains("page.xml line 7", e.Message);
    }

    [Fact]
    public void Encode_SymbolOutsideAlphabet_ThrowsInsteadOfDropping()
    {
        var alphabet = Alphabet.FromTexts(new[] { "abc" }, TextNormalization.Nfc);
        Assert.Throws<UserErrorException>(() => alphabet.Encode("abd"));
    }

    [Fact]
    public void FromTexts_Nfd_SplitsCombiningMarks()
    {
        var alphabet = Alphabet.FromTexts(new[] { "ἄ" }, TextNormalization.Nfd);
        Assert.Equal(new[] { "\u0301", "\u0313", "\u03B1" }, alphabet.Symbols);
    }

    [Fact]
    public void ToJson_RoundTrip_KeepsSymbolsAndNormalization()
    {
        var alphabet = new Alphabet(new[] { "ſ", " ", AlphaOxia, "s" }, TextNormalization.None);
        var copy = Alphabet.FromJson(alphabet.ToJson(), "alphabet.json");
        Assert.Equal(alphabet.Symbols, copy.Symbols);
        Assert.Equal(TextNormalization.None, copy.Normalization);
    }

    [Fact]
    public void FromJson_UnknownNormalization_ThrowsDataFormatNamingFile()
    {
        var e = Assert.Throws<DataFormatException>(() => Alphabet.FromJson("{\"normalization\":\"NFKC\",\"symbols\":[\"a\"]}", "m/alphabet.json"));
        Assert.Equal("m/alphabet.json", e.FilePath);
    }

    [Fact]
    public void Parse_Names_RoundTrip()
    {
        foreach (var form in Enum.GetValues<TextNormalization>())
        {
            Assert.Equal(form, TextNormalizer.Parse(TextNormalizer.Name(form)));
        }

        Assert.Throws<UserErrorException>(() => TextNormalizer.Parse("NFKC"));
    }
}
