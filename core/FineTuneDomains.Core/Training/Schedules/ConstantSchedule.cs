namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>The base rate throughout, after an optional linear warm-up.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule; <paramref name="warmup"/> is in <paramref name="interval"/> units.</summary>
    public ConstantSchedule(long warmup = 0, double warmupStartFactor = 0, ScheduleInterval interval = ScheduleInterval.Step, long stepsPerEpoch = 1)
        : base(interval, stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ScheduleChecks.Fraction(warmupStartFactor, nameof(warmupStartFactor));
        WarmupLength = warmup;
        WarmupStartFactor = warmupStartFactor;
    }

    /// <inheritdoc />
    public override string Name => "constant";

    /// <summary>Warm-up length.</summary>
    public long WarmupLength { get; }

    /// <summary>Fraction of the base rate at the first warm-up step.</summary>
    public double WarmupStartFactor { get; }

    /// <inheritdoc />
    protected override double Compute(long t, double baseLearningRate) =>
        t < WarmupLength ? baseLearningRate * Warmup(t, WarmupLength, WarmupStartFactor) : baseLearningRate;
}
