using FineTuneDomains.Plugins.ArchaicOcr.Plugin;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class FolderScorerTests
{
    [Fact]
    public void Score_PairsByRelativeNameAndCountsMissingAsEmpty()
    {
        using var dir = new TempFolder();
        dir.Write("gt/a.gt.txt", "abcd\n");
        dir.Write("gt/sub/b.gt.txt", "ἀγ\u1F71πη\n");
        dir.Write("gt/c.gt.txt", "xy\n");
        dir.Write("pred/a.txt", "abed\n");
        dir.Write("pred/sub/b.txt", "ἀγ\u03ACπη\n");

        var (scorer, missing) = FolderScorer.Score(dir.File("gt"), dir.File("pred"), TextNormalization.Nfc);

        // a: 1 of 4; b: 0 of 5 under NFC (oxia = tonos); c: missing, 2 of 2 deleted.
        Assert.Equal(3.0 / 11, scorer.Cer, 12);
        Assert.Equal(new[] { dir.File("pred/c.txt") }, missing);
    }
}
