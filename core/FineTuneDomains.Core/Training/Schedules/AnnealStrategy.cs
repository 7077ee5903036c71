namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>How one-cycle moves between two rates within a phase.</summary>
public enum AnnealStrategy
{
    /// <summary>Half a cosine (PyTorch's default).</summary>
    Cos,

    /// <summary>A straight line.</summary>
    Linear,
}
