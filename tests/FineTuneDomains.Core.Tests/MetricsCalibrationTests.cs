using FineTuneDomains.Core.Evaluation;
using static FineTuneDomains.Core.Tests.MetricsReferenceData;

namespace FineTuneDomains.Core.Tests;

public class MetricsCalibrationTests
{
    [Fact]
    public void ExpectedCalibrationError_FiveBins_HandComputed()
    {
        // bins (0,.2] (.2,.4] (.4,.6] (.6,.8] (.8,1]
        // 0.9 T, 0.9 F -> bin 4: conf 0.9, acc 0.5, gap 0.4, weight 2/6
        // 0.7 T       -> bin 3: gap |1 - 0.7| = 0.3
        // 0.6 T       -> bin 2 (0.6 is the upper edge; 0.6*5 rounds above 3): gap 0.4
        // 0.3 F       -> bin 1: gap 0.3
        // 0.2 T       -> bin 0 (upper edge): gap 0.8
        // ECE = (2*0.4 + 0.3 + 0.4 + 0.3 + 0.8) / 6 = 2.6 / 6; MCE = 0.8
        double[] confidences = [0.9, 0.9, 0.7, 0.6, 0.3, 0.2];
        bool[] correct = [true, false, true, true, false, true];
        var r = CalibrationMetrics.ExpectedCalibrationError(confidences, correct, bins: 5);
        Near(2.6 / 6, r.ExpectedCalibrationError);
        Near(0.8, r.MaximumCalibrationError);
        Assert.Equal(new long[] { 1, 1, 1, 1, 2 }, r.Bins.Select(b => b.Count));
        Near(0.5, r.Bins[4].Accuracy);
        Near(0.4, r.Bins[2].Lower);
        Near(0.6, r.Bins[2].Upper);
    }

    [Fact]
    public void ExpectedCalibrationError_FromProbabilities_UsesTopClass()
    {
        // row 0: top 0.9 (class 0, correct); row 1: top 0.8 (class 1, wrong)
        // 10 bins: 0.9 in (0.8, 0.9], 0.8 in (0.7, 0.8]
        // ECE = 1/2*|1 - 0.9| + 1/2*|0 - 0.8| = 0.05 + 0.4
        double[][] probabilities = [[0.9, 0.1], [0.2, 0.8]];
        var r = CalibrationMetrics.ExpectedCalibrationError(probabilities, [0, 0], bins: 10);
        Near(0.45, r.ExpectedCalibrationError);
        Assert.Equal(1, r.Bins[8].Count);
        Assert.Equal(1, r.Bins[7].Count);
    }

    [Fact]
    public void ExpectedCalibrationError_ZeroConfidence_GoesToFirstBin()
    {
        var r = CalibrationMetrics.ExpectedCalibrationError([0.0, 1.0], [false, true], bins: 4);
        Assert.Equal(1, r.Bins[0].Count);
        Assert.Equal(1, r.Bins[3].Count);
        Near(0.0, r.ExpectedCalibrationError); // both perfectly calibrated
    }

    [Fact]
    public void ExpectedCalibrationError_DefaultBinCount_IsFifteen()
    {
        var r = CalibrationMetrics.ExpectedCalibrationError([0.5], [true]);
        Assert.Equal(15, r.Bins.Count);
        Near(0.5, r.ExpectedCalibrationError);
    }

    [Fact]
    public void ExpectedCalibrationError_ConfidenceAboveOne_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => CalibrationMetrics.ExpectedCalibrationError([1.5], [true]));
        Assert.Contains("confidence[0]", e.Message);
    }
}
