namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>What an LR range test suggests, with the smoothed curve it was read from (for the plot).</summary>
/// <param name="Steepest">The rate where the smoothed loss falls fastest against log(rate).</param>
/// <param name="MinimumOverTen">The rate of the lowest smoothed loss, divided by 10 (fastai's "minimum" rule).</param>
/// <param name="MinimumLoss">The rate at which the smoothed loss is lowest.</param>
/// <param name="SmoothedLosses">The bias-corrected EMA of the losses, one per input pair.</param>
/// <param name="DivergedAt">Index of the first point whose smoothed loss exceeded the divergence factor × the best so far; null if none.</param>
/// <param name="FirstUsed">First index the suggestions considered.</param>
/// <param name="LastUsed">Last index the suggestions considered.</param>
public sealed record LearningRateSuggestion(
    double Steepest,
    double MinimumOverTen,
    double MinimumLoss,
    IReadOnlyList<double> SmoothedLosses,
    int? DivergedAt,
    int FirstUsed,
    int LastUsed);
