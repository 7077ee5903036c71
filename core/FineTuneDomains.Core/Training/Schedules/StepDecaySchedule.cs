namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>Multiplies the rate by γ every <see cref="StepSize"/> units (PyTorch <c>StepLR</c>): base·γ^⌊t/size⌋.</summary>
public sealed class StepDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule; <paramref name="stepSize"/> is in <paramref name="interval"/> units.</summary>
    public StepDecaySchedule(long stepSize, double gamma = 0.1, ScheduleInterval interval = ScheduleInterval.Epoch, long stepsPerEpoch = 1)
        : base(interval, stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        ScheduleChecks.Positive(gamma, nameof(gamma));
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <inheritdoc />
    public override string Name => "step";

    /// <summary>Units between decays.</summary>
    public long StepSize { get; }

    /// <summary>Decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    protected override double Compute(long t, double baseLearningRate) => baseLearningRate * Math.Pow(Gamma, t / StepSize);
}
