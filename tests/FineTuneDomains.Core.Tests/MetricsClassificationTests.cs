using FineTuneDomains.Core.Evaluation;
using static FineTuneDomains.Core.Tests.MetricsReferenceData;

namespace FineTuneDomains.Core.Tests;

public class MetricsClassificationTests
{
    // labels      0 0 0 1 1 1 2 2 2 2
    // predictions 0 0 1 1 1 2 2 2 0 2
    // rows (true) x cols (pred): c0 [2 1 0], c1 [0 2 1], c2 [1 0 3]
    private static readonly int[] Labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
    private static readonly int[] Predictions = [0, 0, 1, 1, 1, 2, 2, 2, 0, 2];

    [Fact]
    public void ConfusionMatrix_ThreeClasses_CountsRowsAsTruth()
    {
        var m = ConfusionMatrix.FromLabels(Labels, Predictions, 3);
        Assert.Equal(new long[][] { [2, 1, 0], [0, 2, 1], [1, 0, 3] }, m.ToRows());
        Assert.Equal(10, m.Total);
        Assert.Equal(7, m.Correct);
        // row 2 / support 4: 1/4, 0, 3/4
        Assert.Equal(new[] { 0.25, 0, 0.75 }, m.ToNormalisedRows()[2]);
    }

    [Fact]
    public void Accuracy_HandExample_IsCorrectOverTotal()
    {
        // diagonal 2 + 2 + 3 = 7 of 10
        Near(0.7, ClassificationMetrics.Accuracy(Labels, Predictions));
        Near(0.7, ConfusionMatrix.FromLabels(Labels, Predictions, 3).Accuracy);
    }

    [Fact]
    public void Accuracy_NoExamples_IsUndefined()
    {
        Assert.Null(ClassificationMetrics.Accuracy([], []));
    }

    [Fact]
    public void PerClass_HandExample_MatchesCounts()
    {
        var r = ConfusionMatrix.FromLabels(Labels, Predictions, 3).PerClass();
        // c0: TP 2, support 3, predicted (column 0) 2+0+1 = 3 -> P = R = F1 = 2/3
        Near(2.0 / 3, r[0].Precision);
        Near(2.0 / 3, r[0].Recall);
        Near(2.0 / 3, r[0].F1);
        // c2: TP 3, support 4, predicted 0+1+3 = 4 -> P = R = 3/4, F1 = 2*3/(4+4) = 0.75
        Near(0.75, r[2].Precision);
        Near(0.75, r[2].F1);
        Assert.Equal(4, r[2].Support);
    }

    [Fact]
    public void MacroF1_AbsentClass_IsExcludedAndReported()
    {
        // 4 classes, class 3 neither true nor predicted.
        // F1: 2/3, 2/3, 3/4 -> mean = (8 + 8 + 9) / 36 = 25/36
        var f1 = ClassificationMetrics.MacroF1(Labels, Predictions, 4);
        Near(25.0 / 36, f1.Value);
        Assert.Equal([3], f1.ExcludedClasses);
        Assert.Null(f1.PerClass[3]);
        Assert.Equal(3, f1.DefinedCount);
    }

    [Fact]
    public void MacroF1_PredictedButAbsentClass_CountsAsZero()
    {
        // labels 0 0 1 1, predictions 0 2 1 1 (class 2 predicted once, never true)
        // c0: TP 1, support 2, predicted 1 -> P 1, R 1/2, F1 2*1/(2+1) = 2/3
        // c1: TP 2, support 2, predicted 2 -> F1 1
        // c2: TP 0, support 0, predicted 1 -> P 0, R 0 (0/0 -> 0), F1 0
        int[] labels = [0, 0, 1, 1], predictions = [0, 2, 1, 1];
        var m = ConfusionMatrix.FromLabels(labels, predictions, 3);
        Near(5.0 / 9, m.MacroF1().Value);            // (2/3 + 1 + 0) / 3
        Near(2.0 / 3, m.MacroPrecision().Value);     // (1 + 1 + 0) / 3
        Near(0.5, m.MacroRecall().Value);            // (1/2 + 1 + 0) / 3
        // balanced accuracy: only classes with examples: (1/2 + 1) / 2; class 2 excluded
        var balanced = m.BalancedAccuracy();
        Near(0.75, balanced.Value);
        Assert.Equal([2], balanced.ExcludedClasses);
        Near(0.75, m.MicroF1()); // = accuracy 3/4
    }

    [Fact]
    public void BalancedAccuracy_HandExample_IsMeanRecall()
    {
        // recalls 2/3, 2/3, 3/4 -> 25/36
        Near(25.0 / 36, ClassificationMetrics.BalancedAccuracy(Labels, Predictions, 3).Value);
    }

    [Fact]
    public void MicroF1_SingleLabel_EqualsAccuracy()
    {
        // pooled TP 7, FP = FN = 3 -> 2*7 / (14 + 6) = 0.7
        Near(0.7, ClassificationMetrics.MicroF1(Labels, Predictions, 3));
    }

    [Fact]
    public void TopKAccuracy_Ties_BrokenTowardLowerIndex()
    {
        double[][] scores =
        [
            [0.1, 0.5, 0.4], // label 2: only class 1 above -> rank 1
            [0.3, 0.3, 0.4], // label 1: class 2 above, class 0 ties with a lower index -> rank 2
            [0.7, 0.2, 0.1], // label 0: rank 0
            [0.2, 0.2, 0.6], // label 0: class 2 above, class 1 ties with a higher index -> rank 1
        ];
        int[] labels = [2, 1, 0, 0];
        Near(0.25, ClassificationMetrics.TopKAccuracy(scores, labels, 1)); // rank < 1: row 2
        Near(0.75, ClassificationMetrics.TopKAccuracy(scores, labels, 2)); // rows 0, 2, 3
        Near(1.0, ClassificationMetrics.TopKAccuracy(scores, labels, 3));
        // top-1 agrees with argmax accuracy
        Assert.Equal([1, 2, 0, 2], ScoreRows.ArgMax(scores));
        Near(0.25, ClassificationMetrics.Accuracy(labels, ScoreRows.ArgMax(scores)));
    }

    [Fact]
    public void MultiLabelF1_HandExample_MacroAndMicro()
    {
        int[][] targets = [[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 0]];
        int[][] predictions = [[1, 0, 0], [0, 1, 1], [1, 0, 0], [0, 0, 0]];
        // label 0: TP 2, support 2, predicted 2 -> F1 1
        // label 1: TP 1, support 2, predicted 1 -> F1 2/3
        // label 2: TP 0, support 1, predicted 1 -> F1 0
        Near(5.0 / 9, ClassificationMetrics.MultiLabelMacroF1(targets, predictions).Value);
        // micro: 2 * 3 / (5 + 4)
        Near(2.0 / 3, ClassificationMetrics.MultiLabelMicroF1(targets, predictions));
    }

    [Fact]
    public void AtThreshold_ScoreEqualToThreshold_IsPositive()
    {
        double[] scores = [0.9, 0.8, 0.4, 0.35, 0.1, 0.5];
        int[] labels = [1, 1, 1, 0, 0, 0];
        // t = 0.4: positives called positive 0.9 0.8 0.4 -> TP 3, FN 0; negatives: 0.5 -> FP 1, 0.35 0.1 -> TN 2
        var c = ClassificationMetrics.AtThreshold(scores, labels, 0.4);
        Assert.Equal((3L, 1L, 2L, 0L), (c.TruePositives, c.FalsePositives, c.TrueNegatives, c.FalseNegatives));
        Near(1.0, c.Sensitivity);
        Near(2.0 / 3, c.Specificity);
        Near(0.75, c.Precision);
        // t = 0.6: TP 2, FN 1, FP 0, TN 3 -> sensitivity 2/3, specificity 1
        var d = ClassificationMetrics.AtThreshold(scores, labels, 0.6);
        Near(2.0 / 3, d.Sensitivity);
        Near(1.0, d.Specificity);
    }

    [Fact]
    public void AtThreshold_NoNegatives_SpecificityUndefined()
    {
        var c = ClassificationMetrics.AtThreshold([0.2, 0.7], [1, 1], 0.5);
        Assert.Null(c.Specificity);
        Near(0.5, c.Sensitivity);
    }

    [Fact]
    public void ConfusionMatrix_LabelOutOfRange_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.FromLabels([0, 3], [0, 1], 3));
        Assert.Contains("label 3", e.Message);
    }

    [Fact]
    public void ScoreRows_FromFlat_SplitsRowMajor()
    {
        var rows = ScoreRows.FromFlat(new float[] { 1, 2, 3, 4, 5, 6 }, 3);
        Assert.Equal(new double[][] { [1, 2, 3], [4, 5, 6] }, rows);
        Assert.Throws<ArgumentException>(() => ScoreRows.FromFlat(new double[] { 1, 2, 3 }, 2));
    }
}
