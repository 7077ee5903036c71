namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>Multiplies the rate by γ at each milestone (PyTorch <c>MultiStepLR</c>): base·γ^(milestones ≤ t).</summary>
public sealed class MultiStepSchedule : LearningRateSchedule
{
    private readonly long[] _milestones;

    /// <summary>Creates the schedule; milestones are strictly increasing, in <paramref name="interval"/> units.</summary>
    public MultiStepSchedule(IReadOnlyList<long> milestones, double gamma = 0.1, ScheduleInterval interval = ScheduleInterval.Epoch, long stepsPerEpoch = 1)
        : base(interval, stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        for (var i = 0; i < milestones.Count; i++)
        {
            if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1]))
            {
                throw new ArgumentException("milestones must be ≥ 1 and strictly increasing", nameof(milestones));
            }
        }

        ScheduleChecks.Positive(gamma, nameof(gamma));
        _milestones = milestones.ToArray();
        Gamma = gamma;
    }

    /// <inheritdoc />
    public override string Name => "multistep";

    /// <summary>When the rate decays.</summary>
    public IReadOnlyList<long> Milestones => _milestones;

    /// <summary>Decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    protected override double Compute(long t, double baseLearningRate) =>
        baseLearningRate * Math.Pow(Gamma, _milestones.Count(m => m <= t));
}
