using FineTuneDomains.Core.Evaluation;
using static FineTuneDomains.Core.Tests.MetricsReferenceData;

namespace FineTuneDomains.Core.Tests;

public class MetricsTextTests
{
    [Fact]
    public void CharacterErrorRate_KittenSitting_TwoSubstitutionsOneInsertion()
    {
        // k->s, e->i, +g : 3 edits over 6 reference characters
        var r = TextMetrics.CharacterErrorRate("kitten", "sitting");
        Assert.Equal((2, 0, 1, 6), (r.Substitutions, r.Deletions, r.Insertions, r.ReferenceLength));
        Near(0.5, r.Rate);
    }

    [Fact]
    public void CharacterErrorRate_SurrogatePair_CountsAsOneCharacter()
    {
        // "a𐌱" (Gothic letter, U+10331, two UTF-16 units) -> "a": 1 deletion over 2 code points (not 2/3)
        var r = TextMetrics.CharacterErrorRate("a\U00010331", "a");
        Assert.Equal(2, r.ReferenceLength);
        Near(0.5, r.Rate);
    }

    [Fact]
    public void CharacterErrorRate_CombiningMark_IsItsOwnCharacter()
    {
        // "e" + COMBINING ACUTE vs "e": no grapheme clustering -> deletion of U+0301, 1/2
        var r = TextMetrics.CharacterErrorRate("e\u0301", "e");
        Assert.Equal((0, 1, 0), (r.Substitutions, r.Deletions, r.Insertions));
        Near(0.5, r.Rate);
    }

    [Fact]
    public void WordErrorRate_SubstitutionAndDeletion_OverReferenceWords()
    {
        // sat->sit, "the" deleted: 2 / 6
        var r = TextMetrics.WordErrorRate("the cat sat on the mat", "the cat sit on mat");
        Assert.Equal((1, 1, 0), (r.Substitutions, r.Deletions, r.Insertions));
        Near(1.0 / 3, r.Rate);
    }

    [Fact]
    public void Words_AnyWhitespace_Splits()
    {
        Assert.Equal(["the", "cat"], TextMetrics.Words("  the\tcat \n"));
    }

    [Fact]
    public void CorpusRate_IsTotalEditsOverTotalLength_NotMeanOfLines()
    {
        // "abc"->"abd": 1 edit / 3; "de"->"": 2 deletions / 2. Corpus 3/5 (mean of line rates would be 2/3).
        var r = TextMetrics.CharacterErrorRate(["abc", "de"], ["abd", ""]);
        Near(0.6, r.Rate);
        Assert.Equal(3, r.Edits);
        Assert.Equal(5, r.ReferenceLength);
        Near(1.0 / 3, r.Lines[0].Rate);
    }

    [Fact]
    public void CorpusRate_EmptyReferenceLine_LineUndefinedButEditsCount()
    {
        // "" -> "xy": 2 insertions, line rate undefined; corpus (0 + 2) / 3
        var r = TextMetrics.CharacterErrorRate(["abc", ""], ["abc", "xy"]);
        Assert.Null(r.Lines[1].Rate);
        Near(2.0 / 3, r.Rate);
        Assert.Null(TextMetrics.WordErrorRate([""], [""]).Rate);
    }

    [Fact]
    public void Alignment_Deletion_ComesOutInReadingOrder()
    {
        var a = EditAlignment<string>.Compute(["a", "b", "c"], ["b", "x"]);
        // a deleted, b matched, c -> x substituted
        Assert.Equal(
            [EditOperationKind.Deletion, EditOperationKind.Match, EditOperationKind.Substitution],
            a.Operations.Select(o => o.Kind));
        Assert.Equal(2, a.Distance);
        Assert.Equal("c", a.Operations[2].Reference);
        Assert.Equal("x", a.Operations[2].Hypothesis);
    }

    [Fact]
    public void CharacterConfusions_LongS_MostFrequentFirst()
    {
        // ſtraſſe -> strasse: ſ->s three times; kitten -> sitting: k->s, e->i, +g
        var c = TextMetrics.CharacterConfusions(["ſtraſſe", "kitten"], ["strasse", "sitting"]);
        Assert.Equal(3, c.Substitutions[("ſ", "s")]);
        Assert.Equal(1, c.Substitutions[("k", "s")]);
        Assert.Equal(1, c.Insertions["g"]);
        Assert.Empty(c.Deletions);
        Assert.Equal(3, c.Correct["t"]); // one t in straſſe, two in kitten
        var top = c.MostFrequentErrors(2);
        Assert.Equal(("ſ", "s", 3L), top[0]);
        Assert.Equal(6, c.MostFrequentErrors().Sum(e => e.Count)); // substitutions 3 + 1 + 1, insertion 1
    }
}
