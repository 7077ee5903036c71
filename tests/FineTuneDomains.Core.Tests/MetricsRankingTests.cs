using FineTuneDomains.Core.Evaluation;
using static FineTuneDomains.Core.Tests.MetricsReferenceData;

namespace FineTuneDomains.Core.Tests;

public class MetricsRankingTests
{
    // scores 0.9 0.8 0.8 0.3 0.2, labels 1 1 0 1 0 (P = 3, N = 2); 0.8 is a positive/negative tie.
    private static readonly double[] Scores = [0.9, 0.8, 0.8, 0.3, 0.2];
    private static readonly int[] Labels = [1, 1, 0, 1, 0];

    [Fact]
    public void AveragePrecision_TiedScores_StepwiseSumOverDistinctThresholds()
    {
        // thresholds: 0.9 -> TP1 FP0 (P 1, R 1/3); 0.8 -> TP2 FP1 (P 2/3, R 2/3);
        //             0.3 -> TP3 FP1 (P 3/4, R 1); 0.2 -> TP3 FP2 (R unchanged)
        // AP = 1/3*1 + 1/3*2/3 + 1/3*3/4 = 12/36 + 8/36 + 9/36 = 29/36
        Near(29.0 / 36, RankingMetrics.AveragePrecision(Scores, Labels));
    }

    [Fact]
    public void Auroc_TiedScores_CountTieAsHalf()
    {
        // pairs (positive, negative): 0.9>0.8, 0.9>0.2, 0.8=0.8 (1/2), 0.8>0.2, 0.3<0.8, 0.3>0.2 -> 4.5 / 6
        Near(0.75, RankingMetrics.Auroc(Scores, Labels));
    }

    [Fact]
    public void Auroc_AllScoresEqual_IsOneHalf_AndApIsPrevalence()
    {
        double[] scores = [0.5, 0.5, 0.5, 0.5];
        int[] labels = [1, 0, 0, 0];
        Near(0.5, RankingMetrics.Auroc(scores, labels));
        Near(0.25, RankingMetrics.AveragePrecision(scores, labels)); // one threshold: R 1, P 1/4
    }

    [Fact]
    public void Auroc_PerfectAndReversedRanking_AreOneAndZero()
    {
        Near(1.0, RankingMetrics.Auroc([0.9, 0.8, 0.1], [1, 1, 0]));
        Near(0.0, RankingMetrics.Auroc([0.1, 0.2, 0.9], [1, 1, 0]));
        Near(1.0, RankingMetrics.AveragePrecision([0.9, 0.8, 0.1], [1, 1, 0]));
    }

    [Fact]
    public void BinaryMetrics_OneClassOnly_AreUndefined()
    {
        Assert.Null(RankingMetrics.AveragePrecision([0.3, 0.6], [0, 0]));
        Assert.Null(RankingMetrics.Auroc([0.3, 0.6], [0, 0]));
        Assert.Null(RankingMetrics.Auroc([0.3, 0.6], [1, 1]));
        Near(1.0, RankingMetrics.AveragePrecision([0.3, 0.6], [1, 1]));
    }

    [Fact]
    public void OneVsRest_ClassWithoutExamples_ExcludedFromMacro()
    {
        double[][] scores = [[0.7, 0.2, 0.1], [0.4, 0.5, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]];
        int[] labels = [0, 1, 0, 1]; // class 2 never occurs
        // class 0: column 0.7 0.4 0.3 0.6, truth 1 0 1 0
        //   AUROC pairs: 0.7 beats 0.4, 0.6; 0.3 beats neither -> 2/4
        //   AP: 0.7 -> P 1, R 1/2; 0.6, 0.4 add negatives; 0.3 -> TP2 FP2, P 1/2, R 1 -> 1/2 + 1/2*1/2 = 3/4
        // class 1: column 0.2 0.5 0.3 0.3, truth 0 1 0 1
        //   AUROC: 0.5 beats 0.2, 0.3; 0.3 beats 0.2, ties 0.3 -> 3.5/4
        //   AP: 0.5 -> P 1, R 1/2; 0.3 -> TP2 FP1, P 2/3, R 1 -> 1/2 + 1/2*2/3 = 5/6
        var auroc = RankingMetrics.AurocOneVsRest(scores, labels);
        Near(0.5, auroc.PerClass[0]);
        Near(0.875, auroc.PerClass[1]);
        Assert.Null(auroc.PerClass[2]);
        Assert.Equal([2], auroc.ExcludedClasses);
        Near((0.5 + 0.875) / 2, auroc.Value);

        var ap = RankingMetrics.AveragePrecisionOneVsRest(scores, labels);
        Near(0.75, ap.PerClass[0]);
        Near(5.0 / 6, ap.PerClass[1]);
        Near(19.0 / 24, ap.Value); // (9/12 + 10/12) / 2
        Assert.Equal([2], ap.ExcludedClasses);
    }

    [Fact]
    public void MultiLabel_LabelWithoutPositives_ExcludedNotNaN()
    {
        double[][] scores = [[0.9, 0.1], [0.2, 0.8], [0.6, 0.3]];
        int[][] targets = [[1, 0], [0, 0], [1, 0]];
        var ap = RankingMetrics.AveragePrecisionMultiLabel(scores, targets);
        Near(1.0, ap.Value);           // label 0 ranked perfectly; label 1 has no positive
        Assert.Equal([1], ap.ExcludedClasses);
        var auroc = RankingMetrics.AurocMultiLabel(scores, targets);
        Near(1.0, auroc.Value);
        Assert.Equal([1], auroc.ExcludedClasses);
    }

    [Fact]
    public void ClassAveragedScore_NothingDefined_ValueIsNull()
    {
        var s = new ClassAveragedScore([null, null]);
        Assert.Null(s.Value);
        Assert.Equal(0, s.DefinedCount);
    }

    [Fact]
    public void AveragePrecision_NonBinaryLabel_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => RankingMetrics.AveragePrecision([0.1, 0.2], [0, 2]));
        Assert.Contains("labels[1] is 2", e.Message);
    }

    [Fact]
    public void Auroc_NaNScore_Throws()
    {
        Assert.Throws<ArgumentException>(() => RankingMetrics.Auroc([0.1, double.NaN], [0, 1]));
    }
}
