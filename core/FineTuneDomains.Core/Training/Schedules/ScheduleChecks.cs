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

    /// <summary>A decaying schedule must not be asked to "decay" upward to a floor above a group's base rate.</summary>
    public static double CheckedFloor(LearningRateFloor floor, double baseLearningRate, string schedule)
    {
        var value = floor.Resolve(baseLearningRate);
        if (value > baseLearningRate)
        {
            throw new UserErrorException(
                $"schedule '{schedule}': its end learning rate {value:G4} is above a parameter group's base rate {baseLearningRate:G4}; lower min_lr/end_lr or use a relative floor");
        }

        return value;
    }
}
