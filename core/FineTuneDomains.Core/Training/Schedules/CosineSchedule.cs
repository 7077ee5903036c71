namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// Linear warm-up, then half a cosine from the base rate down to the floor at the end of the run (Hugging Face's
/// <c>cosine_with_warmup</c>; PyTorch's <c>CosineAnnealingLR</c> with <c>T_max</c> = total − warm-up). During
/// warm-up the rate rises linearly from <c>start_factor·base</c> (0 by default: Hugging Face's convention).
/// After <see cref="Total"/> the rate stays at the floor.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule; lengths are in <paramref name="interval"/> units.</summary>
    public CosineSchedule(long total, long warmup = 0, double warmupStartFactor = 0, LearningRateFloor floor = default,
        ScheduleInterval interval = ScheduleInterval.Step, long stepsPerEpoch = 1)
        : base(interval, stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        if (total <= warmup)
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, $"must be greater than the warm-up ({warmup})");
        }

        ScheduleChecks.Fraction(warmupStartFactor, nameof(warmupStartFactor));
        ScheduleChecks.Floor(floor, nameof(floor));
        Total = total;
        WarmupLength = warmup;
        WarmupStartFactor = warmupStartFactor;
        Floor = floor;
    }

    /// <inheritdoc />
    public override string Name => "cosine";

    /// <summary>Length of warm-up plus decay.</summary>
    public long Total { get; }

    /// <summary>Warm-up length.</summary>
    public long WarmupLength { get; }

    /// <summary>Fraction of the base rate at the first warm-up step.</summary>
    public double WarmupStartFactor { get; }

    /// <summary>The rate reached at the end.</summary>
    public LearningRateFloor Floor { get; }

    /// <inheritdoc />
    protected override double Compute(long t, double baseLearningRate)
    {
        if (t < WarmupLength)
        {
            return baseLearningRate * Warmup(t, WarmupLength, WarmupStartFactor);
        }

        var floor = ScheduleChecks.FloorFor(Floor, baseLearningRate);
        var progress = Math.Min(1.0, (double)(t - WarmupLength) / (Total - WarmupLength));
        return floor + ((baseLearningRate - floor) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }
}
