namespace FineTuneDomains.Core.Evaluation;

/// <summary>Expected and maximum calibration error with the bins they come from (for reliability plots).</summary>
/// <param name="ExpectedCalibrationError">Σ (count/n)·|accuracy − confidence| over bins.</param>
/// <param name="MaximumCalibrationError">Largest gap over non-empty bins.</param>
/// <param name="Bins">The equal-width bins in order.</param>
public sealed record CalibrationResult(double ExpectedCalibrationError, double MaximumCalibrationError, IReadOnlyList<CalibrationBin> Bins);
