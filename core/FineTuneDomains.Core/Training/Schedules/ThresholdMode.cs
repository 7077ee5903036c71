namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>How reduce-on-plateau decides that a metric improved enough.</summary>
public enum ThresholdMode
{
    /// <summary>By a fraction of the best value: better than best·(1 ∓ threshold).</summary>
    Rel,

    /// <summary>By an absolute amount: better than best ∓ threshold.</summary>
    Abs,
}
