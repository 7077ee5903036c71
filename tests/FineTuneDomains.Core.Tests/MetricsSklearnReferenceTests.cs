using System.Text.Json;
using FineTuneDomains.Core.Evaluation;
using static FineTuneDomains.Core.Tests.MetricsReferenceData;

namespace FineTuneDomains.Core.Tests;

/// <summary>Cross-checks against scikit-learn 1.2.1 (tests/data/metrics/make_reference.py, sklearn_reference.json).</summary>
public class MetricsSklearnReferenceTests
{
    private static readonly JsonElement Root = Load("metrics/sklearn_reference.json");
    private static readonly JsonElement In = Root.GetProperty("inputs");
    private static readonly JsonElement Expected = Root.GetProperty("expected");
    private static readonly int[] Labels = In.GetProperty("labels").Ints();
    private static readonly double[][] Probs = In.GetProperty("probs").DoubleRows();
    private static readonly double[][] Tied = In.GetProperty("tied_scores").DoubleRows();
    private static readonly int[] Predictions = ScoreRows.ArgMax(Probs);

    private static double E(string name) => Expected.GetProperty(name).GetDouble();

    private static void NearAll(double[] expected, IReadOnlyList<double?> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Near(expected[i], actual[i], 1e-12);
        }
    }

    [Fact]
    public void LabelMetrics_MatchScikitLearn()
    {
        var m = ConfusionMatrix.FromLabels(Labels, Predictions, 4);
        Near(E("accuracy"), m.Accuracy);
        Near(E("balanced_accuracy"), m.BalancedAccuracy().Value);
        Near(E("macro_f1"), m.MacroF1().Value);
        Near(E("micro_f1"), m.MicroF1());
        Near(E("top2_accuracy"), ClassificationMetrics.TopKAccuracy(Probs, Labels, 2));
        Assert.Equal(Expected.GetProperty("confusion_matrix").IntRows().Select(r => r.Select(v => (long)v).ToArray()).ToArray(), m.ToRows());
        var report = m.PerClass();
        NearAll(Expected.GetProperty("per_class_precision").Doubles(), report.Select(r => (double?)r.Precision).ToArray());
        NearAll(Expected.GetProperty("per_class_recall").Doubles(), report.Select(r => (double?)r.Recall).ToArray());
        NearAll(Expected.GetProperty("per_class_f1").Doubles(), report.Select(r => (double?)r.F1).ToArray());
    }

    [Fact]
    public void BinaryRanking_TiedScores_MatchScikitLearn()
    {
        var scores = ScoreRows.Column(Tied, 0);
        var binary = In.GetProperty("binary_labels").Ints();
        Near(E("binary_auroc_tied"), RankingMetrics.Auroc(scores, binary));
        Near(E("binary_ap_tied"), RankingMetrics.AveragePrecision(scores, binary));
    }

    [Fact]
    public void OneVsRest_MatchScikitLearn()
    {
        var ap = RankingMetrics.AveragePrecisionOneVsRest(Tied, Labels);
        NearAll(Expected.GetProperty("ovr_ap_tied_per_class").Doubles(), ap.PerClass);
        Near(E("ovr_map_tied"), ap.Value);
        NearAll(Expected.GetProperty("ovr_auroc_tied_per_class").Doubles(), RankingMetrics.AurocOneVsRest(Tied, Labels).PerClass);
        Near(E("ovr_auroc_macro"), RankingMetrics.AurocOneVsRest(Probs, Labels).Value);
    }

    [Fact]
    public void MultiLabel_MatchScikitLearn()
    {
        var targets = In.GetProperty("ml_targets").IntRows();
        var scores = In.GetProperty("ml_scores").DoubleRows();
        var auroc = RankingMetrics.AurocMultiLabel(scores, targets);
        NearAll(Expected.GetProperty("ml_auroc_per_label").Doubles(), auroc.PerClass);
        Near(E("ml_auroc_macro"), auroc.Value);
        var ap = RankingMetrics.AveragePrecisionMultiLabel(scores, targets);
        NearAll(Expected.GetProperty("ml_ap_per_label").Doubles(), ap.PerClass);
        Near(E("ml_map"), ap.Value);
        var decisions = ScoreRows.Threshold(scores, 0.5);
        Near(E("ml_macro_f1_at_0_5"), ClassificationMetrics.MultiLabelMacroF1(targets, decisions).Value);
        Near(E("ml_micro_f1_at_0_5"), ClassificationMetrics.MultiLabelMicroF1(targets, decisions));
    }
}
