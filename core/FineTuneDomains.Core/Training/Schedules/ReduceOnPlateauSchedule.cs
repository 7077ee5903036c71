using FineTuneDomains.Core.Evaluation;

namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// Reduces the rate by <c>factor</c> when a monitored metric has not improved for more than <c>patience</c>
/// reports (PyTorch <c>ReduceLROnPlateau</c>: same improvement test, patience and cooldown rules). The reductions
/// are kept as one scale shared by all groups, so a group that joins later (unfrozen mid-run) gets the current
/// scale at once; each group's rate is base·scale, never below <c>min_lr</c> (and never raised to it). Its
/// state (best, bad reports, cooldown, scale) is saved in checkpoints.
/// </summary>
public sealed class ReduceOnPlateauSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule in its initial state.</summary>
    public ReduceOnPlateauSchedule(MetricMode mode = MetricMode.Min, double factor = 0.1, int patience = 10, double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0, double minLearningRate = 0, string? monitoredMetric = null)
        : base(ScheduleInterval.Epoch, 1)
    {
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "must lie strictly between 0 and 1");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ScheduleChecks.NonNegative(threshold, nameof(threshold));
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        ScheduleChecks.NonNegative(minLearningRate, nameof(minLearningRate));
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
        MonitoredMetric = monitoredMetric;
        Best = MetricDirection.WorstValue(mode);
    }

    /// <inheritdoc />
    public override string Name => "plateau";

    /// <summary>Whether the metric should go down or up.</summary>
    public MetricMode Mode { get; }

    /// <summary>Multiplier applied at each reduction.</summary>
    public double Factor { get; }

    /// <summary>Reports without improvement tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The least change that counts as improvement.</summary>
    public double Threshold { get; }

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Reports after a reduction during which bad reports are not counted.</summary>
    public int Cooldown { get; }

    /// <summary>No group is reduced below this rate.</summary>
    public double MinLearningRate { get; }

    /// <summary>The metric the trainer should report (e.g. <c>val/loss</c>), if the settings named one.</summary>
    public string? MonitoredMetric { get; }

    /// <summary>Best metric value so far (the worst possible value before the first report).</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive reports without improvement.</summary>
    public long BadReports { get; private set; }

    /// <summary>Reports left in the current cooldown.</summary>
    public long CooldownRemaining { get; private set; }

    /// <summary>Product of all reductions so far (1 at the start).</summary>
    public double Scale { get; private set; } = 1;

    /// <summary>Number of metric values reported.</summary>
    public long Reports { get; private set; }

    /// <summary>Reports one metric value (once per evaluation); returns true if the rate was reduced.</summary>
    public bool Report(double metric)
    {
        Reports++;
        if (IsBetter(metric))
        {
            Best = metric;
            BadReports = 0;
        }
        else
        {
            BadReports++;
        }

        if (CooldownRemaining > 0)
        {
            CooldownRemaining--;
            BadReports = 0;
        }

        if (BadReports > Patience)
        {
            Scale *= Factor;
            CooldownRemaining = Cooldown;
            BadReports = 0;
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Every value is finite, so any JSON writer can store it: <c>best</c> is left out while it is still the
    /// infinite starting value (plain System.Text.Json refuses infinities).
    /// </remarks>
    public override IReadOnlyDictionary<string, double> SaveState()
    {
        var state = new Dictionary<string, double>
        {
            ["bad_reports"] = BadReports,
            ["cooldown_remaining"] = CooldownRemaining,
            ["scale"] = Scale,
            ["reports"] = Reports,
        };
        if (double.IsFinite(Best))
        {
            state["best"] = Best;
        }

        return state;
    }

    /// <inheritdoc />
    public override void LoadState(IReadOnlyDictionary<string, double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var best = state.TryGetValue("best", out var saved) ? saved : MetricDirection.WorstValue(Mode);
        var bad = RequiredCount(state, "bad_reports");
        var cooldown = RequiredCount(state, "cooldown_remaining");
        var reports = RequiredCount(state, "reports");
        var scale = Required(state, "scale");
        if (!(scale > 0 && scale <= 1))
        {
            throw new InvalidDataException($"schedule '{Name}' state 'scale' is {scale}; expected a value in (0, 1]");
        }

        if (!double.IsFinite(best) && best != MetricDirection.WorstValue(Mode))
        {
            throw new InvalidDataException($"schedule '{Name}' state 'best' is {best}");
        }

        var unknown = state.Keys.Except(["best", "bad_reports", "cooldown_remaining", "scale", "reports"]).ToArray();
        if (unknown.Length > 0)
        {
            throw new InvalidDataException($"schedule '{Name}' state has unknown keys: {string.Join(", ", unknown)}");
        }

        (Best, BadReports, CooldownRemaining, Scale, Reports) = (best, bad, cooldown, scale, reports);
    }

    /// <inheritdoc />
    protected override double Compute(long t, double baseLearningRate)
    {
        var reduced = baseLearningRate * Scale;
        // PyTorch: lr = max(lr·factor, min_lr), applied only if it lowers the rate.
        return reduced >= MinLearningRate ? reduced : Math.Min(baseLearningRate, MinLearningRate);
    }

    private bool IsBetter(double metric) => (Mode, ThresholdMode) switch
    {
        (MetricMode.Min, ThresholdMode.Rel) => metric < Best * (1 - Threshold),
        (MetricMode.Min, ThresholdMode.Abs) => metric < Best - Threshold,
        (MetricMode.Max, ThresholdMode.Rel) => metric > Best * (1 + Threshold),
        _ => metric > Best + Threshold,
    };
}
