namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>Multiplies the rate by γ every unit (PyTorch <c>ExponentialLR</c>): base·γ^t.</summary>
public sealed class ExponentialSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public ExponentialSchedule(double gamma, ScheduleInterval interval = ScheduleInterval.Epoch, long stepsPerEpoch = 1)
        : base(interval, stepsPerEpoch)
    {
        ScheduleChecks.Positive(gamma, nameof(gamma));
        Gamma = gamma;
    }

    /// <inheritdoc />
    public override string Name => "exponential";

    /// <summary>Decay factor per unit.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    protected override double Compute(long t, double baseLearningRate) => baseLearningRate * Math.Pow(Gamma, t);
}
