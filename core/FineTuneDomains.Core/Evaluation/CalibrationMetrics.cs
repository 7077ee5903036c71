namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Expected calibration error (Guo et al. 2017): confidences in equal-width bins (lo, hi] over [0, 1]; ECE is the
/// count-weighted mean gap between each bin's accuracy and its mean confidence.
/// </summary>
public static class CalibrationMetrics
{
    /// <summary>Default number of bins (as in Guo et al. and torchmetrics).</summary>
    public const int DefaultBins = 15;

    /// <summary>ECE of top-1 predictions: confidence = the highest probability, correct = its class is the label.</summary>
    public static CalibrationResult ExpectedCalibrationError(IReadOnlyList<IReadOnlyList<double>> probabilities, IReadOnlyList<int> labels, int bins = DefaultBins)
    {
        MetricChecks.SameLength(labels, probabilities, nameof(probabilities));
        var predictions = ScoreRows.ArgMax(probabilities);
        var confidences = probabilities.Select((row, i) => row[predictions[i]]).ToArray();
        var correct = labels.Select((y, i) => y == predictions[i]).ToArray();
        return ExpectedCalibrationError(confidences, correct, bins);
    }

    /// <summary>ECE of given confidences (each in [0, 1]) and whether each prediction was right.</summary>
    public static CalibrationResult ExpectedCalibrationError(IReadOnlyList<double> confidences, IReadOnlyList<bool> correct, int bins = DefaultBins)
    {
        MetricChecks.SameLength(correct, confidences, nameof(confidences));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (confidences.Count == 0)
        {
            throw new ArgumentException("no predictions", nameof(confidences));
        }

        var counts = new long[bins];
        var confidenceSums = new double[bins];
        var correctCounts = new long[bins];
        for (var i = 0; i < confidences.Count; i++)
        {
            var p = confidences[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"confidence[{i}] is {p}; confidences must lie in [0, 1]", nameof(confidences));
            }

            var b = BinOf(p, bins);
            counts[b]++;
            confidenceSums[b] += p;
            correctCounts[b] += correct[i] ? 1 : 0;
        }

        var result = new CalibrationBin[bins];
        double ece = 0, mce = 0;
        for (var b = 0; b < bins; b++)
        {
            var meanConfidence = counts[b] == 0 ? 0 : confidenceSums[b] / counts[b];
            var accuracy = counts[b] == 0 ? 0 : (double)correctCounts[b] / counts[b];
            result[b] = new CalibrationBin(Edge(b, bins), Edge(b + 1, bins), counts[b], meanConfidence, accuracy);
            if (counts[b] > 0)
            {
                ece += (double)counts[b] / confidences.Count * result[b].Gap;
                mce = Math.Max(mce, result[b].Gap);
            }
        }

        return new CalibrationResult(ece, mce, result);
    }

    private static double Edge(int k, int bins) => (double)k / bins;

    /// <summary>Bin b holds (b/B, (b+1)/B]; confidence 0 goes to bin 0. Compared against the same edges the bins report, so 0.6 with 5 bins lands in (0.4, 0.6] despite 0.6·5 rounding above 3.</summary>
    private static int BinOf(double p, int bins)
    {
        var b = Math.Clamp((int)Math.Ceiling(p * bins) - 1, 0, bins - 1);
        while (b > 0 && p <= Edge(b, bins))
        {
            b--;
        }

        while (b < bins - 1 && p > Edge(b + 1, bins))
        {
            b++;
        }

        return b;
    }
}
