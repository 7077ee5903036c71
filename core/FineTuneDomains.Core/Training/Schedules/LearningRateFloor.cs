namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// The lowest (end) learning rate of a decaying schedule: absolute, the same for every parameter group
/// (PyTorch's <c>eta_min</c>), or relative to each group's base rate, so groups keep their ratios. A group whose
/// base rate is already below an absolute floor keeps its base rate (a schedule never raises a rate to its floor).
/// </summary>
/// <param name="Absolute">An absolute rate added to the relative part.</param>
/// <param name="Relative">A fraction of the group's base rate.</param>
public readonly record struct LearningRateFloor(double Absolute, double Relative)
{
    /// <summary>Decay to zero.</summary>
    public static LearningRateFloor Zero => default;

    /// <summary>The same absolute floor for every group.</summary>
    public static LearningRateFloor Of(double absolute) => new(absolute, 0);

    /// <summary>A floor of <paramref name="fraction"/> × each group's base rate.</summary>
    public static LearningRateFloor FractionOfBase(double fraction) => new(0, fraction);

    /// <summary>The floor for a group with this base rate.</summary>
    public double Resolve(double baseLearningRate) => Absolute + (Relative * baseLearningRate);
}
