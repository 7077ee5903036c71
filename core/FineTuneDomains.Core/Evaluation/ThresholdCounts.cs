namespace FineTuneDomains.Core.Evaluation;

/// <summary>Binary decisions at one threshold: the four counts and the rates derived from them.</summary>
/// <param name="Threshold">Scores at or above this are positive.</param>
/// <param name="TruePositives">Positives called positive.</param>
/// <param name="FalsePositives">Negatives called positive.</param>
/// <param name="TrueNegatives">Negatives called negative.</param>
/// <param name="FalseNegatives">Positives called negative.</param>
public sealed record ThresholdCounts(double Threshold, long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>TP / (TP + FN), the true-positive rate (recall); null without positives.</summary>
    public double? Sensitivity => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>TN / (TN + FP), the true-negative rate; null without negatives.</summary>
    public double? Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>TP / (TP + FP); null when nothing is called positive.</summary>
    public double? Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    private static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;
}
