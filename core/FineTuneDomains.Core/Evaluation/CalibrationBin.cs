namespace FineTuneDomains.Core.Evaluation;

/// <summary>One confidence bin (Lower, Upper] of a reliability diagram (the first bin also holds confidence 0).</summary>
/// <param name="Lower">Lower edge.</param>
/// <param name="Upper">Upper edge.</param>
/// <param name="Count">Predictions whose confidence falls in the bin.</param>
/// <param name="MeanConfidence">Mean confidence in the bin (0 when empty).</param>
/// <param name="Accuracy">Fraction correct in the bin (0 when empty).</param>
public sealed record CalibrationBin(double Lower, double Upper, long Count, double MeanConfidence, double Accuracy)
{
    /// <summary>|accuracy − confidence|, the bin's calibration gap.</summary>
    public double Gap => Math.Abs(Accuracy - MeanConfidence);
}
