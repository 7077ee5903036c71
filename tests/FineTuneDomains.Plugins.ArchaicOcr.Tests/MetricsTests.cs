using FineTuneDomains.Core.Evaluation;
using FineTuneDomains.Plugins.ArchaicOcr.Metrics;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class MetricsTests
{
    private static IReadOnlyList<string> Chars(string s) => TextNormalizer.Symbols(s).ToList();

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("ſchuf", "schuf", 1)]
    [InlineData("flaw", "lawn", 2)]
    public void Distance_KnownPairs_AreCorrect(string a, string b, int expected)
    {
        var alignment = EditAlignment<string>.Compute(Chars(a), Chars(b), StringComparer.Ordinal);
        Assert.Equal(expected, alignment.Distance);
        Assert.Equal(expected, alignment.Operations.Count(o => o.Kind != EditOperationKind.Match));
    }

    [Fact]
    public void Add_Line_ComputesCerAndWer()
    {
        var scorer = new OcrScorer(TextNormalization.Nfc);
        // One substitution (ſ->s) in 17 code points; one wrong word of 3.
        var line = scorer.Add("Im Anfang ſchuf G", "Im Anfang schuf G");
        Assert.Equal(1, line.CharErrors);
        Assert.Equal(17, line.CharCount);
        Assert.Equal(1.0 / 17, line.Cer, 12);
        Assert.Equal(1.0 / 4, line.Wer, 12);
    }

    [Fact]
    public void Cer_Corpus_IsSumOfErrorsOverSumOfLengths()
    {
        var scorer = new OcrScorer(TextNormalization.None);
        scorer.Add("abcd", "abed");    // 1 of 4
        scorer.Add("xy", "");          // 2 of 2
        Assert.Equal(3.0 / 6, scorer.Cer, 12);   // not the mean of line CERs (0.625)
        Assert.Equal(2.0 / 2, scorer.Wer, 12);
    }

    [Fact]
    public void Add_OxiaAgainstTonos_IsNoErrorUnderNfc()
    {
        var nfc = new OcrScorer(TextNormalization.Nfc);
        var none = new OcrScorer(TextNormalization.None);
        Assert.Equal(0, nfc.Add("ἀγ\u1F71πη", "ἀγ\u03ACπη").CharErrors);
        Assert.Equal(1, none.Add("ἀγ\u1F71πη", "ἀγ\u03ACπη").CharErrors);
    }

    [Fact]
    public void TopConfusions_CountsSubstitutionsDeletionsInsertions()
    {
        var scorer = new OcrScorer(TextNormalization.Nfc);
        scorer.Add("ſo ſei", "so sei");   // ſ->s twice
        scorer.Add("ſein", "sein");       // ſ->s
        scorer.Add("und", "vnd");         // u->v
        scorer.Add("abc", "ab");          // c deleted
        scorer.Add("ab", "abx");          // x inserted

        var top = scorer.TopConfusions(3);
        Assert.Equal(new Confusion("ſ", "s", 3), top[0]);
        Assert.Equal(new Confusion("", "x", 1), top[1]);
        Assert.Equal(new Confusion("c", "", 1), top[2]);
    }
}
