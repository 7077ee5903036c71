namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// Linear warm-up, then polynomial decay to an end rate (Hugging Face's
/// <c>get_polynomial_decay_schedule_with_warmup</c>): (base − end)·(1 − progress)^power + end. With power 1 and
/// end 0 this is linear warm-up with linear decay (<c>get_linear_schedule_with_warmup</c>). After
/// <see cref="Total"/> the rate stays at the end rate.
/// </summary>
public sealed class PolynomialDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule; lengths are in <paramref name="interval"/> units.</summary>
    public PolynomialDecaySchedule(long total, long warmup = 0, double power = 1, LearningRateFloor end = default,
        double warmupStartFactor = 0, ScheduleInterval interval = ScheduleInterval.Step, long stepsPerEpoch = 1)
        : base(interval, stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        if (total <= warmup)
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, $"must be greater than the warm-up ({warmup})");
        }

        ScheduleChecks.Positive(power, nameof(power));
        ScheduleChecks.Floor(end, nameof(end));
        ScheduleChecks.Fraction(warmupStartFactor, nameof(warmupStartFactor));
        Total = total;
        WarmupLength = warmup;
        Power = power;
        End = end;
        WarmupStartFactor = warmupStartFactor;
    }

    /// <inheritdoc />
    public override string Name => Power == 1 && End == default ? "linear" : "polynomial";

    /// <summary>Length of warm-up plus decay.</summary>
    public long Total { get; }

    /// <summary>Warm-up length.</summary>
    public long WarmupLength { get; }

    /// <summary>Exponent of the decay (1 = linear).</summary>
    public double Power { get; }

    /// <summary>The rate reached at the end.</summary>
    public LearningRateFloor End { get; }

    /// <summary>Fraction of the base rate at the first warm-up step.</summary>
    public double WarmupStartFactor { get; }

    /// <inheritdoc />
    protected override double Compute(long t, double baseLearningRate)
    {
        if (t < WarmupLength)
        {
            return baseLearningRate * Warmup(t, WarmupLength, WarmupStartFactor);
        }

        var end = ScheduleChecks.FloorFor(End, baseLearningRate);
        if (t >= Total)
        {
            return end;
        }

        var remaining = 1 - ((double)(t - WarmupLength) / (Total - WarmupLength));
        return ((baseLearningRate - end) * Math.Pow(remaining, Power)) + end;
    }
}
