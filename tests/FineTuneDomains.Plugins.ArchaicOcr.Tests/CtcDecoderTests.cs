using FineTuneDomains.Plugins.ArchaicOcr.Ctc;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class CtcDecoderTests
{
    private static float[][] Log(params double[][] probabilities) =>
        probabilities.Select(f => f.Select(p => (float)Math.Log(p)).ToArray()).ToArray();

    [Fact]
    public void Greedy_RepeatsAndBlanks_CollapseAndDrop()
    {
        // Best path: a a - a b b - => "a a b" (the blank separates the two a's).
        var frames = Log(
            new[] { 0.1, 0.8, 0.1 }, new[] { 0.1, 0.8, 0.1 }, new[] { 0.8, 0.1, 0.1 }, new[] { 0.1, 0.8, 0.1 },
            new[] { 0.1, 0.1, 0.8 }, new[] { 0.1, 0.1, 0.8 }, new[] { 0.8, 0.1, 0.1 });
        Assert.Equal(new[] { 1, 1, 2 }, CtcDecoder.Greedy(frames));
    }

    [Fact]
    public void Greedy_AllBlank_IsEmpty()
    {
        Assert.Empty(CtcDecoder.Greedy(Log(new[] { 0.6, 0.4 }, new[] { 0.6, 0.4 })));
    }

    [Fact]
    public void BeamSearch_SumsPaths_WhereGreedyFails()
    {
        // Two frames over {blank, a}, P(blank) = 0.6 each. Best path is "--" (0.36) so greedy says "".
        // By hand: P("") = 0.6 * 0.6 = 0.36; P("a") = aa + a- + -a = 0.16 + 0.24 + 0.24 = 0.64.
        var frames = Log(new[] { 0.6, 0.4 }, new[] { 0.6, 0.4 });

        var (labels, logProb) = CtcDecoder.BeamSearch(frames, beamWidth: 4);

        Assert.Empty(CtcDecoder.Greedy(frames));
        Assert.Equal(new[] { 1 }, labels);
        Assert.Equal(Math.Log(0.64), logProb, 5);
    }

    [Fact]
    public void BeamSearch_ThreeFrames_ProbabilityMatchesHandSum()
    {
        // Frames over {blank, a, b}:
        //   t1: - .5  a .4  b .1
        //   t2: - .3  a .6  b .1
        //   t3: - .5  a .1  b .4
        // P("ab") = paths a a b, a b b, a - b, - a b, a b -  (every alignment collapsing to "ab")
        //         = .4*.6*.4 + .4*.1*.4 + .4*.3*.4 + .5*.6*.4 + .4*.1*.5
        //         = .096 + .016 + .048 + .12 + .02 = .300
        // P("a")  = aaa + aa- + a-- + -aa + -a- + --a + a-a? (no: a-a is "aa")
        //         = .4*.6*.1 + .4*.6*.5 + .4*.3*.5 + .5*.6*.1 + .5*.6*.5 + .5*.3*.1
        //         = .024 + .12 + .06 + .03 + .15 + .015 = .399
        // So "a" (0.399) beats "ab" (0.300); the greedy path a a - also gives "a".
        var frames = Log(new[] { 0.5, 0.4, 0.1 }, new[] { 0.3, 0.6, 0.1 }, new[] { 0.5, 0.1, 0.4 });

        var (labels, logProb) = CtcDecoder.BeamSearch(frames, beamWidth: 16);

        Assert.Equal(new[] { 1 }, labels);
        Assert.Equal(Math.Log(0.399), logProb, 5);
    }

    [Fact]
    public void BeamSearch_DoubledLetter_NeedsBlankBetween()
    {
        // {blank, l}: l - l with certainty-ish: "ll"; l l l collapses to "l".
        var doubled = Log(new[] { 0.01, 0.99 }, new[] { 0.99, 0.01 }, new[] { 0.01, 0.99 });
        var single = Log(new[] { 0.01, 0.99 }, new[] { 0.01, 0.99 }, new[] { 0.01, 0.99 });

        Assert.Equal(new[] { 1, 1 }, CtcDecoder.BeamSearch(doubled).Labels);
        Assert.Equal(new[] { 1 }, CtcDecoder.BeamSearch(single).Labels);
        Assert.Equal(new[] { 1, 1 }, CtcDecoder.Greedy(doubled));
    }

    [Fact]
    public void BeamSearch_TotalOverAllPrefixes_IsOne()
    {
        // With a beam wide enough to keep every prefix, the probabilities of all prefixes sum to 1.
        var random = new Random(5);
        var frames = Enumerable.Range(0, 4).Select(_ =>
        {
            var p = new[] { random.NextDouble() + 0.1, random.NextDouble() + 0.1, random.NextDouble() + 0.1 };
            var sum = p.Sum();
            return p.Select(v => v / sum).ToArray();
        }).ToArray();

        var best = CtcDecoder.BeamSearch(Log(frames), beamWidth: 1000, pruneLogProb: double.NegativeInfinity);
        var all = EnumerateAll(frames);

        var top = all.OrderByDescending(kv => kv.Value).First();
        Assert.Equal(1.0, all.Values.Sum(), 9);
        Assert.Equal(top.Key, string.Join(",", best.Labels));
        Assert.Equal(Math.Log(top.Value), best.LogProb, 5);
    }

    [Fact]
    public void LogAdd_NegativeInfinity_IsIdentity()
    {
        Assert.Equal(-1.5, CtcDecoder.LogAdd(double.NegativeInfinity, -1.5));
        Assert.Equal(Math.Log(0.5), CtcDecoder.LogAdd(Math.Log(0.25), Math.Log(0.25)), 12);
    }

    // Brute force: every path, collapsed, probability summed per label sequence.
    private static Dictionary<string, double> EnumerateAll(double[][] frames)
    {
        var result = new Dictionary<string, double>();
        var classes = frames[0].Length;
        var total = (int)Math.Pow(classes, frames.Length);
        for (var code = 0; code < total; code++)
        {
            var path = new int[frames.Length];
            var c = code;
            var p = 1.0;
            for (var t = 0; t < frames.Length; t++)
            {
                path[t] = c % classes;
                c /= classes;
                p *= frames[t][path[t]];
            }

            var labels = new List<int>();
            for (var t = 0; t < path.Length; t++)
            {
                if (path[t] != 0 && (t == 0 || path[t] != path[t - 1]))
                {
                    labels.Add(path[t]);
                }
            }

            var key = string.Join(",", labels);
            result[key] = result.GetValueOrDefault(key) + p;
        }

        return result;
    }
}
