using System.Globalization;
using System.Text.Json;

namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// A learning-rate schedule as a pure function of the global optimiser step: the rate a parameter group with a
/// given base rate uses for step <c>k</c> (0 = the first step). Because nothing but the step goes in, a resumed run
/// continues exactly where it stopped; only metric-driven schedules (<see cref="ReduceOnPlateauSchedule"/>) carry
/// state, saved with <see cref="SaveState"/>. Parameter groups may have different base rates, and a group that
/// joins mid-run (unfrozen) simply asks for its rate at the current step.
/// </summary>
public abstract class LearningRateSchedule
{
    private static readonly JsonSerializerOptions StateJson = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Creates a schedule counting in <paramref name="interval"/> units.</summary>
    protected LearningRateSchedule(ScheduleInterval interval, long stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        Interval = interval;
        StepsPerEpoch = stepsPerEpoch;
    }

    /// <summary>The factory name of this schedule (<c>cosine</c>, <c>one_cycle</c>, …).</summary>
    public abstract string Name { get; }

    /// <summary>Whether the rate changes per step or per epoch.</summary>
    public ScheduleInterval Interval { get; }

    /// <summary>Optimiser steps per epoch, used to turn steps into epochs.</summary>
    public long StepsPerEpoch { get; }

    /// <summary>The learning rate for optimiser step <paramref name="step"/> of a group whose base rate is <paramref name="baseLearningRate"/>.</summary>
    public double GetLearningRate(long step, double baseLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (!(baseLearningRate >= 0) || double.IsInfinity(baseLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(baseLearningRate), baseLearningRate, "base learning rate must be finite and ≥ 0");
        }

        return Compute(Tick(step), baseLearningRate);
    }

    /// <summary>The rates of several parameter groups at one step.</summary>
    public double[] GetLearningRates(long step, IReadOnlyList<double> baseLearningRates)
    {
        ArgumentNullException.ThrowIfNull(baseLearningRates);
        return baseLearningRates.Select(b => GetLearningRate(step, b)).ToArray();
    }

    /// <summary>The rate of a group whose base rate is 1: the multiplier applied to base rates when the schedule's floor is zero or relative.</summary>
    public double GetMultiplier(long step) => GetLearningRate(step, 1.0);

    /// <summary>The schedule's mutable state (empty for pure functions of the step), for checkpoints.</summary>
    public virtual IReadOnlyDictionary<string, double> SaveState() => new Dictionary<string, double>();

    /// <summary>Restores state written by <see cref="SaveState"/>.</summary>
    /// <exception cref="InvalidDataException">A key is missing or a value is impossible; the message names it.</exception>
    public virtual void LoadState(IReadOnlyDictionary<string, double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count > 0)
        {
            throw new InvalidDataException(
                $"schedule '{Name}' has no state, but the saved state has keys {string.Join(", ", state.Keys)}");
        }
    }

    /// <summary><see cref="SaveState"/> as a JSON object (infinities written as "Infinity").</summary>
    public string SaveStateJson() => JsonSerializer.Serialize(SaveState(), StateJson);

    /// <summary>Restores state from <see cref="SaveStateJson"/>'s output.</summary>
    /// <exception cref="InvalidDataException">The JSON is not an object of numbers, or <see cref="LoadState"/> refuses it.</exception>
    public void LoadStateJson(string json)
    {
        Dictionary<string, double>? state;
        try
        {
            state = JsonSerializer.Deserialize<Dictionary<string, double>>(json, StateJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"schedule '{Name}' state is not a JSON object of numbers: {e.Message}", e);
        }

        LoadState(state ?? throw new InvalidDataException($"schedule '{Name}' state is null"));
    }

    /// <summary>The rate at time <paramref name="t"/> (in <see cref="Interval"/> units) for a base rate.</summary>
    protected abstract double Compute(long t, double baseLearningRate);

    /// <summary>The step expressed in <see cref="Interval"/> units (whole epochs for <see cref="ScheduleInterval.Epoch"/>).</summary>
    protected long Tick(long step) => Interval == ScheduleInterval.Step ? step : step / StepsPerEpoch;

    /// <summary>Linear warm-up factor at time t &lt; warmup: from <paramref name="startFactor"/> toward 1.</summary>
    protected static double Warmup(long t, long warmup, double startFactor) =>
        startFactor + ((1 - startFactor) * t / warmup);

    /// <summary>Reads a required state value.</summary>
    protected double Required(IReadOnlyDictionary<string, double> state, string key)
    {
        if (!state.TryGetValue(key, out var value))
        {
            throw new InvalidDataException($"schedule '{Name}' state lacks '{key}'");
        }

        return value;
    }

    /// <summary>Reads a required whole non-negative state value.</summary>
    protected long RequiredCount(IReadOnlyDictionary<string, double> state, string key)
    {
        var value = Required(state, key);
        if (!(value >= 0) || value != Math.Floor(value) || value > long.MaxValue)
        {
            throw new InvalidDataException(
                $"schedule '{Name}' state '{key}' is {value.ToString(CultureInfo.InvariantCulture)}; expected a whole number ≥ 0");
        }

        return (long)value;
    }
}
