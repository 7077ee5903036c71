namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// The arithmetic of the learning-rate range test (Smith 2015; fastai's <c>lr_find</c>): an exponential sweep of
/// rates, a bias-corrected exponential moving average of the losses, a divergence stop, and two suggestions —
/// the steepest descent of the smoothed loss over log(rate), and the rate of the minimum divided by 10.
/// Running the sweep (training steps) is the trainer's job; this class only does the numbers.
/// </summary>
public static class LearningRateRangeTest
{
    /// <summary>fastai's smoothing factor.</summary>
    public const double DefaultBeta = 0.98;

    /// <summary>fastai stops the sweep once the smoothed loss exceeds 4 × the best smoothed loss.</summary>
    public const double DefaultDivergenceFactor = 4;

    /// <summary>Rates start·(end/start)^(i/(count−1)) for i = 0…count−1: equally spaced in log scale, both ends included.</summary>
    public static double[] ExponentialSweep(double start, double end, int count)
    {
        if (!(start > 0) || !(end > start) || double.IsInfinity(end))
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"need 0 < start < end, got start {start}, end {end}");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        return Enumerable.Range(0, count).Select(i => start * Math.Pow(end / start, (double)i / (count - 1))).ToArray();
    }

    /// <summary>
    /// Bias-corrected EMA: a_i = β·a_{i−1} + (1−β)·loss_i with a_{−1} = 0, smoothed_i = a_i / (1 − β^(i+1)).
    /// The correction keeps early values at the scale of the losses instead of near 0.
    /// </summary>
    public static double[] Smooth(IReadOnlyList<double> losses, double beta = DefaultBeta)
    {
        ArgumentNullException.ThrowIfNull(losses);
        if (!(beta >= 0 && beta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "must lie in [0, 1)");
        }

        var result = new double[losses.Count];
        double average = 0, betaPower = 1;
        for (var i = 0; i < losses.Count; i++)
        {
            average = (beta * average) + ((1 - beta) * losses[i]);
            betaPower *= beta;
            result[i] = average / (1 - betaPower);
        }

        return result;
    }

    /// <summary>The sweep should stop: the smoothed loss is NaN/infinite or above factor × the best smoothed loss.</summary>
    public static bool HasDiverged(double smoothedLoss, double bestSmoothedLoss, double factor = DefaultDivergenceFactor) =>
        !double.IsFinite(smoothedLoss) || smoothedLoss > factor * bestSmoothedLoss;

    /// <summary>
    /// Suggests rates from a finished sweep. Points from the first divergence on are dropped; then, as fastai does,
    /// the first <paramref name="skipStartFraction"/> of the points and the last <paramref name="skipEnd"/> are left
    /// out (the EMA has not settled at the start, the loss is exploding at the end).
    /// </summary>
    /// <exception cref="ArgumentException">Too few points remain to compare (at least 3 are needed).</exception>
    public static LearningRateSuggestion Suggest(IReadOnlyList<double> learningRates, IReadOnlyList<double> losses,
        double beta = DefaultBeta, double divergenceFactor = DefaultDivergenceFactor, double skipStartFraction = 0.1, int skipEnd = 5)
    {
        ArgumentNullException.ThrowIfNull(learningRates);
        ArgumentNullException.ThrowIfNull(losses);
        if (learningRates.Count != losses.Count)
        {
            throw new ArgumentException($"{learningRates.Count} rates but {losses.Count} losses", nameof(losses));
        }

        for (var i = 0; i < learningRates.Count; i++)
        {
            if (!(learningRates[i] > 0) || (i > 0 && !(learningRates[i] > learningRates[i - 1])))
            {
                throw new ArgumentException("rates must be positive and increasing", nameof(learningRates));
            }
        }

        ScheduleChecks.Fraction(skipStartFraction, nameof(skipStartFraction));
        ArgumentOutOfRangeException.ThrowIfNegative(skipEnd);

        var smoothed = Smooth(losses, beta);
        int? divergedAt = null;
        var best = double.PositiveInfinity;
        for (var i = 0; i < smoothed.Length; i++)
        {
            if (i > 0 && HasDiverged(smoothed[i], best, divergenceFactor))
            {
                divergedAt = i;
                break;
            }

            best = Math.Min(best, smoothed[i]);
        }

        var usable = divergedAt ?? smoothed.Length;
        var first = (int)(usable * skipStartFraction);
        var last = usable - 1 - skipEnd;
        if (last - first + 1 < 3)
        {
            throw new ArgumentException(
                $"only {Math.Max(0, last - first + 1)} points remain after dropping divergence and skipping {first} at the start and {skipEnd} at the end; sweep more steps",
                nameof(losses));
        }

        // Forward differences over log(rate), as fastai: the rate at the start of the steepest segment.
        var steepest = first;
        var steepestSlope = double.PositiveInfinity;
        for (var i = first; i < last; i++)
        {
            var slope = (smoothed[i + 1] - smoothed[i]) / (Math.Log(learningRates[i + 1]) - Math.Log(learningRates[i]));
            if (slope < steepestSlope)
            {
                steepestSlope = slope;
                steepest = i;
            }
        }

        var minimum = first;
        for (var i = first + 1; i <= last; i++)
        {
            if (smoothed[i] < smoothed[minimum])
            {
                minimum = i;
            }
        }

        return new LearningRateSuggestion(learningRates[steepest], learningRates[minimum] / 10, learningRates[minimum], smoothed, divergedAt, first, last);
    }
}
