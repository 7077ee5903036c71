namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// The one-cycle policy (Smith; PyTorch <c>OneCycleLR</c>, same phase boundaries and formulas): each group's base
/// rate is its peak (<c>max_lr</c>); the rate rises from peak/<c>div_factor</c> to the peak over the first
/// <c>pct_start</c> of the run, then anneals to peak/(<c>div_factor</c>·<c>final_div_factor</c>). With
/// <c>three_phase</c> it comes back to the initial rate first and then anneals to the minimum. Only the learning
/// rate is scheduled (momentum cycling is not). Past the last step the rate stays at the minimum.
/// </summary>
public sealed class OneCycleSchedule : LearningRateSchedule
{
    private readonly (double EndStep, double StartFactor, double EndFactor)[] _phases;

    /// <summary>Creates the schedule over <paramref name="total"/> units.</summary>
    public OneCycleSchedule(long total, double pctStart = 0.3, double divFactor = 25, double finalDivFactor = 1e4,
        AnnealStrategy anneal = AnnealStrategy.Cos, bool threePhase = false,
        ScheduleInterval interval = ScheduleInterval.Step, long stepsPerEpoch = 1)
        : base(interval, stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 2);
        if (!(pctStart > 0 && pctStart < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "must lie strictly between 0 and 1");
        }

        ScheduleChecks.Positive(divFactor, nameof(divFactor));
        ScheduleChecks.Positive(finalDivFactor, nameof(finalDivFactor));
        Total = total;
        PctStart = pctStart;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
        Anneal = anneal;
        ThreePhase = threePhase;

        // Factors of the peak rate; phase ends as PyTorch computes them (float(pct_start * total) - 1, ...).
        var initial = 1 / divFactor;
        var minimum = initial / finalDivFactor;
        var rampEnd = (pctStart * total) - 1;
        _phases = threePhase
            ? [(rampEnd, initial, 1.0), ((2 * pctStart * total) - 2, 1.0, initial), (total - 1, initial, minimum)]
            : [(rampEnd, initial, 1.0), (total - 1, 1.0, minimum)];
        for (var i = 0; i < _phases.Length; i++)
        {
            var start = i == 0 ? 0 : _phases[i - 1].EndStep;
            if (!(_phases[i].EndStep > start))
            {
                throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, $"leaves phase {i + 1} of one-cycle without steps for a run of {total}");
            }
        }
    }

    /// <inheritdoc />
    public override string Name => "one_cycle";

    /// <summary>Length of the cycle.</summary>
    public long Total { get; }

    /// <summary>Fraction of the cycle spent rising.</summary>
    public double PctStart { get; }

    /// <summary>Initial rate = peak / this.</summary>
    public double DivFactor { get; }

    /// <summary>Final rate = initial / this.</summary>
    public double FinalDivFactor { get; }

    /// <summary>Cosine or linear phases.</summary>
    public AnnealStrategy Anneal { get; }

    /// <summary>Whether the cycle has a separate final annealing phase.</summary>
    public bool ThreePhase { get; }

    /// <inheritdoc />
    protected override double Compute(long t, double baseLearningRate)
    {
        double startStep = 0;
        for (var i = 0; i < _phases.Length; i++)
        {
            var (endStep, from, to) = _phases[i];
            if (t <= endStep || i == _phases.Length - 1)
            {
                var pct = Math.Min(1.0, (t - startStep) / (endStep - startStep));
                var factor = Anneal == AnnealStrategy.Cos
                    ? to + ((from - to) / 2 * (Math.Cos(Math.PI * pct) + 1))
                    : ((to - from) * pct) + from;
                return baseLearningRate * factor;
            }

            startStep = endStep;
        }

        throw new InvalidOperationException("one-cycle has no phases");
    }
}
