namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>Constructor argument checks for schedules (the factory reports the same rules as user errors).</summary>
internal static class ScheduleChecks
{
    public static void Fraction(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "must lie in [0, 1]");
        }
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be finite and > 0");
        }
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be finite and ≥ 0");
        }
    }

    public static void Floor(LearningRateFloor floor, string name)
    {
        NonNegative(floor.Absolute, name);
        Fraction(floor.Relative, name);
    }

    /// <summary>
    /// The floor for one group, never above the group's base rate: an absolute floor (min_lr, end_lr) above a
    /// small base rate (layer-wise decay can give 1e-8) leaves that group at its base rate instead of raising it,
    /// as PyTorch's ReduceLROnPlateau never raises a rate to min_lr.
    /// </summary>
    public static double FloorFor(LearningRateFloor floor, double baseLearningRate) =>
        Math.Min(floor.Resolve(baseLearningRate), baseLearningRate);
}
