using FineTuneDomains.Core.Evaluation;
using static FineTuneDomains.Core.Tests.MetricsReferenceData;

namespace FineTuneDomains.Core.Tests;

public class MetricsSummariesTests
{
    [Fact]
    public void SingleLabel_ClassNeverPresent_OmittedAndCounted()
    {
        // Same data as MetricsRankingTests.OneVsRest_ClassWithoutExamples_ExcludedFromMacro:
        // argmax predictions 0 1 2 0 against labels 0 1 0 1 -> accuracy 2/4
        double[][] probabilities = [[0.7, 0.2, 0.1], [0.4, 0.5, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]];
        int[] labels = [0, 1, 0, 1];
        var set = MetricSummaries.SingleLabel(probabilities, labels, topK: 2, calibrationBins: 10, classNames: ["a", "b", "c"]);
        Near(0.5, set[MetricNames.Accuracy]);
        Near(19.0 / 24, set[MetricNames.MeanAveragePrecision]);   // (3/4 + 5/6) / 2
        Assert.Equal(1, set["map_excluded_classes"]);
        Near(0.6875, set[MetricNames.MacroAuroc]);
        Assert.True(set.Contains("top2_accuracy"));
        Assert.True(set.Contains("ap/a"));
        Assert.False(set.Contains("ap/c"));                          // undefined: left out, not NaN
        Assert.DoesNotContain(set, p => double.IsNaN(p.Value));
        // confidences 0.7 (right), 0.5 (right), 0.4 (wrong: class 2), 0.6 (wrong) in 10 bins, one per bin:
        // ECE = (0.3 + 0.5 + 0.4 + 0.6) / 4 = 0.45
        Near(0.45, set[MetricNames.ExpectedCalibrationError], 1e-12);
    }

    [Fact]
    public void Text_CorpusRates_UnderStandardNames()
    {
        var set = MetricSummaries.Text(["the cat", "sat"], ["the hat", "sat"]);
        Near(1.0 / 10, set[MetricNames.CharacterErrorRate]); // c->h over 7 + 3 characters
        Near(1.0 / 3, set[MetricNames.WordErrorRate]);       // cat->hat over 3 words
        Assert.Equal(MetricMode.Min, MetricDirection.GetMode("val/" + MetricNames.CharacterErrorRate));
    }

    [Fact]
    public void MultiLabel_PerLabelNames_DirectionKnown()
    {
        double[][] scores = [[0.9, 0.1], [0.2, 0.8], [0.6, 0.3]];
        int[][] targets = [[1, 0], [0, 1], [1, 0]];
        var set = MetricSummaries.MultiLabel(scores, targets, labelNames: ["heron", "gull"]);
        Near(1.0, set[MetricNames.MeanAveragePrecision]);
        Near(1.0, set[MetricNames.MicroF1]);
        Assert.True(set.Contains("f1/gull"));
        Assert.Equal(MetricMode.Max, MetricDirection.GetMode("val/f1/gull"));
    }
}
