using FineTuneDomains.Core.Evaluation;

namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// Builds a schedule from the experiment file's <c>schedule: {name, settings}</c>. Names and keys are
/// case-insensitive (<c>-</c> = <c>_</c>); unknown names, unknown keys and invalid values are
/// <see cref="UserErrorException"/>s naming the key.
/// </summary>
/// <remarks>
/// Durations are in <c>interval</c> units (<c>step</c> or <c>epoch</c>). Defaults: <c>interval: epoch</c> for
/// step, multistep, exponential and cosine_restarts (as PyTorch's schedulers are usually stepped),
/// <c>interval: step</c> for the others (as in ExperimentSchema). Settings per schedule:
/// <list type="bullet">
/// <item><c>constant</c>: warmup | warmup_ratio, warmup_start_factor (0).</item>
/// <item><c>step</c>: step_size (required), gamma (0.1).</item>
/// <item><c>multistep</c>: milestones (list or "30,60", required), gamma (0.1).</item>
/// <item><c>exponential</c>: gamma (required).</item>
/// <item><c>cosine</c>: warmup | warmup_ratio, warmup_start_factor (0), min_lr (0) | min_factor, total (the run).</item>
/// <item><c>cosine_restarts</c> (<c>sgdr</c>): t_0 (required), t_mult (1), min_lr (0) | min_factor.</item>
/// <item><c>one_cycle</c>: pct_start (0.3), div_factor (25), final_div_factor (1e4), anneal_strategy (cos|linear),
/// three_phase (false), total (the run). Base rates are the peak (max_lr) of each group.</item>
/// <item><c>linear</c>: warmup | warmup_ratio, warmup_start_factor (0), end_lr (0) | end_factor, total.</item>
/// <item><c>polynomial</c>: as linear plus power (1); end_lr defaults to 1e-7 (Hugging Face's default).</item>
/// <item><c>plateau</c> (<c>reduce_on_plateau</c>): metric (default: the monitor argument), mode (min|max|auto: from the metric's name),
/// factor (0.1), patience (10), threshold (1e-4), threshold_mode (rel|abs), cooldown (0), min_lr (0).</item>
/// </list>
/// </remarks>
public static class ScheduleFactory
{
    /// <summary>Canonical schedule names the factory accepts (aliases aside).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["constant", "step", "multistep", "exponential", "cosine", "cosine_restarts", "one_cycle", "linear", "polynomial", "plateau"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["multi_step"] = "multistep",
        ["sgdr"] = "cosine_restarts",
        ["cosine_warm_restarts"] = "cosine_restarts",
        ["onecycle"] = "one_cycle",
        ["poly"] = "polynomial",
        ["reduce_on_plateau"] = "plateau",
        ["none"] = "constant",
    };

    /// <summary>
    /// Creates a schedule from the experiment's <c>schedule</c> section: its <c>name</c> key plus the settings
    /// (as <c>Experiment.Schedule.Values</c> holds them, defaults filled in; null values count as absent).
    /// </summary>
    /// <param name="section">The section, with a <c>name</c> key (default <c>cosine</c>, as the schema's).</param>
    /// <param name="context">The run's length.</param>
    /// <param name="monitor">The metric plateau watches when the section names none (the experiment's <c>eval.monitor</c>).</param>
    /// <exception cref="UserErrorException">Unknown name, unknown key or invalid value.</exception>
    public static LearningRateSchedule Create(IReadOnlyDictionary<string, object?> section, ScheduleContext context, string? monitor = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var name = section.TryGetValue("name", out var n) && n is not null ? n.ToString()! : "cosine";
        return Create(name, section, context, monitor);
    }

    /// <summary>Creates the named schedule for a run of the given length.</summary>
    /// <param name="name">Schedule name or alias.</param>
    /// <param name="settings">Its settings; a <c>name</c> key, if present, must agree with <paramref name="name"/>.</param>
    /// <param name="context">The run's length.</param>
    /// <param name="monitor">The metric plateau watches when the settings name none.</param>
    /// <exception cref="UserErrorException">Unknown name, unknown key or invalid value.</exception>
    public static LearningRateSchedule Create(string name, IReadOnlyDictionary<string, object?>? settings, ScheduleContext context, string? monitor = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.StepsPerEpoch < 1 || context.Epochs < 1)
        {
            throw new UserErrorException($"a run of {context.Epochs} epochs with {context.StepsPerEpoch} steps per epoch has nothing to schedule");
        }

        var key = Canonical(name ?? "");
        if (!Names.Contains(key))
        {
            throw new UserErrorException($"unknown learning-rate schedule '{name}' (known: {string.Join(", ", Names)})");
        }

        var s = new ScheduleSettings(key, settings);
        if (s.String("name") is string named && Canonical(named) != key)
        {
            throw s.Error("name", $"('{named}') disagrees with the schedule being built ('{key}')");
        }

        LearningRateSchedule schedule = key switch
        {
            "constant" => Constant(s, context),
            "step" => Step(s, context),
            "multistep" => MultiStep(s, context),
            "exponential" => Exponential(s, context),
            "cosine" => Cosine(s, context),
            "cosine_restarts" => Restarts(s, context),
            "one_cycle" => OneCycle(s, context),
            "linear" => Polynomial(s, context, linear: true),
            "polynomial" => Polynomial(s, context, linear: false),
            _ => Plateau(s, monitor),
        };
        s.RejectUnknown();
        return schedule;
    }

    private static string Canonical(string name)
    {
        var key = name.Trim().ToLowerInvariant().Replace('-', '_');
        return Aliases.GetValueOrDefault(key, key);
    }

    private static ScheduleInterval Interval(ScheduleSettings s, ScheduleInterval fallback) =>
        s.Choice("interval", fallback, ("step", ScheduleInterval.Step), ("epoch", ScheduleInterval.Epoch));

    private static long Total(ScheduleSettings s, ScheduleContext context, ScheduleInterval interval) =>
        s.Long("total", context.Total(interval), min: 1);

    private static (long Warmup, double StartFactor) Warmup(ScheduleSettings s, long total)
    {
        long warmup = 0;
        if (s.Has("warmup") && s.Has("warmup_ratio"))
        {
            throw s.Error("warmup_ratio", "cannot be given together with 'warmup'");
        }

        if (s.Has("warmup"))
        {
            warmup = s.Long("warmup", 0);
        }
        else if (s.Has("warmup_ratio"))
        {
            // Hugging Face: warm-up steps = ceil(total · ratio).
            warmup = (long)Math.Ceiling(total * s.Double("warmup_ratio", 0, 0, 1, maxExclusive: true));
        }

        var startFactor = s.Double("warmup_start_factor", 0, 0, 1);
        return (warmup, startFactor);
    }

    private static void WarmupShorterThanTotal(ScheduleSettings s, long warmup, long total)
    {
        if (warmup >= total)
        {
            throw s.Error("warmup", $"({warmup}) must be shorter than the schedule ({total})");
        }
    }

    private static LearningRateFloor Floor(ScheduleSettings s, string absoluteKey, string relativeKey, double absoluteDefault)
    {
        if (s.Has(absoluteKey) && s.Has(relativeKey))
        {
            throw s.Error(relativeKey, $"cannot be given together with '{absoluteKey}'");
        }

        return s.Has(relativeKey)
            ? LearningRateFloor.FractionOfBase(s.Double(relativeKey, null, 0, 1))
            : LearningRateFloor.Of(s.Double(absoluteKey, absoluteDefault, 0));
    }

    private static ConstantSchedule Constant(ScheduleSettings s, ScheduleContext c)
    {
        var interval = Interval(s, ScheduleInterval.Step);
        var (warmup, start) = Warmup(s, c.Total(interval));
        return new ConstantSchedule(warmup, start, interval, c.StepsPerEpoch);
    }

    private static StepDecaySchedule Step(ScheduleSettings s, ScheduleContext c) =>
        new(s.Long("step_size", null, min: 1), s.Double("gamma", 0.1, 0, minExclusive: true),
            Interval(s, ScheduleInterval.Epoch), c.StepsPerEpoch);

    private static MultiStepSchedule MultiStep(ScheduleSettings s, ScheduleContext c)
    {
        var milestones = s.LongList("milestones", min: 1);
        for (var i = 1; i < milestones.Length; i++)
        {
            if (milestones[i] <= milestones[i - 1])
            {
                throw s.Error("milestones", $"must be strictly increasing, got {string.Join(", ", milestones)}");
            }
        }

        return new MultiStepSchedule(milestones, s.Double("gamma", 0.1, 0, minExclusive: true), Interval(s, ScheduleInterval.Epoch), c.StepsPerEpoch);
    }

    private static ExponentialSchedule Exponential(ScheduleSettings s, ScheduleContext c) =>
        new(s.Double("gamma", null, 0, minExclusive: true), Interval(s, ScheduleInterval.Epoch), c.StepsPerEpoch);

    private static CosineSchedule Cosine(ScheduleSettings s, ScheduleContext c)
    {
        var interval = Interval(s, ScheduleInterval.Step);
        var total = Total(s, c, interval);
        var (warmup, start) = Warmup(s, total);
        WarmupShorterThanTotal(s, warmup, total);
        return new CosineSchedule(total, warmup, start, Floor(s, "min_lr", "min_factor", 0), interval, c.StepsPerEpoch);
    }

    private static CosineRestartsSchedule Restarts(ScheduleSettings s, ScheduleContext c) =>
        new(s.Long("t_0", null, min: 1), (int)s.Long("t_mult", 1, min: 1, max: 1000), Floor(s, "min_lr", "min_factor", 0),
            Interval(s, ScheduleInterval.Epoch), c.StepsPerEpoch);

    private static OneCycleSchedule OneCycle(ScheduleSettings s, ScheduleContext c)
    {
        var interval = Interval(s, ScheduleInterval.Step);
        var total = Total(s, c, interval);
        var pct = s.Double("pct_start", 0.3, 0, 1, minExclusive: true, maxExclusive: true);
        var div = s.Double("div_factor", 25, 0, minExclusive: true);
        var finalDiv = s.Double("final_div_factor", 1e4, 0, minExclusive: true);
        var anneal = s.Choice("anneal_strategy", AnnealStrategy.Cos, ("cos", AnnealStrategy.Cos), ("linear", AnnealStrategy.Linear));
        var threePhase = s.Bool("three_phase", false);
        try
        {
            return new OneCycleSchedule(total, pct, div, finalDiv, anneal, threePhase, interval, c.StepsPerEpoch);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw s.Error(e.ParamName == "total" ? "total" : "pct_start", $"is invalid for a run of {total} {interval.ToString().ToLowerInvariant()}s: {e.Message}");
        }
    }

    private static PolynomialDecaySchedule Polynomial(ScheduleSettings s, ScheduleContext c, bool linear)
    {
        var interval = Interval(s, ScheduleInterval.Step);
        var total = Total(s, c, interval);
        var (warmup, start) = Warmup(s, total);
        WarmupShorterThanTotal(s, warmup, total);
        var power = linear ? 1 : s.Double("power", 1, 0, minExclusive: true);
        var end = Floor(s, "end_lr", "end_factor", linear ? 0 : 1e-7);
        return new PolynomialDecaySchedule(total, warmup, power, end, start, interval, c.StepsPerEpoch);
    }

    private static ReduceOnPlateauSchedule Plateau(ScheduleSettings s, string? monitor)
    {
        var metric = s.String("metric") ?? monitor;
        var modeText = s.String("mode");
        MetricMode mode;
        if (modeText is null or "auto" && metric is null)
        {
            mode = modeText is null ? MetricMode.Min : throw s.Error("mode", "'auto' needs the 'metric' setting to know the direction");
        }
        else
        {
            try
            {
                mode = MetricDirection.ParseMode(modeText, metric ?? "");
            }
            catch (UserErrorException e)
            {
                throw s.Error("mode", $"is invalid: {e.Message}");
            }
        }

        return new ReduceOnPlateauSchedule(
            mode,
            s.Double("factor", 0.1, 0, 1, minExclusive: true, maxExclusive: true),
            (int)s.Long("patience", 10, 0, int.MaxValue),
            s.Double("threshold", 1e-4, 0),
            s.Choice("threshold_mode", ThresholdMode.Rel, ("rel", ThresholdMode.Rel), ("abs", ThresholdMode.Abs)),
            (int)s.Long("cooldown", 0, 0, int.MaxValue),
            s.Double("min_lr", 0, 0),
            metric);
    }
}
