namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// A per-class score and its macro average (mean over the classes where the score is defined). Classes where it
/// is undefined (for AP and AUROC: no positives, or no negatives) are listed in <see cref="ExcludedClasses"/>
/// instead of turning the average into NaN.
/// </summary>
public sealed class ClassAveragedScore
{
    /// <summary>Builds the average from per-class values; null marks an undefined class.</summary>
    public ClassAveragedScore(IReadOnlyList<double?> perClass)
    {
        ArgumentNullException.ThrowIfNull(perClass);
        PerClass = perClass.ToArray();
        ExcludedClasses = Enumerable.Range(0, PerClass.Count).Where(c => PerClass[c] is null).ToArray();
        var defined = PerClass.Where(v => v is not null).Select(v => v!.Value).ToArray();
        Value = defined.Length == 0 ? null : defined.Sum() / defined.Length;
    }

    /// <summary>Mean over defined classes; null when no class is defined.</summary>
    public double? Value { get; }

    /// <summary>The score of each class (index = class id); null where undefined.</summary>
    public IReadOnlyList<double?> PerClass { get; }

    /// <summary>Classes left out of <see cref="Value"/> because their score is undefined.</summary>
    public IReadOnlyList<int> ExcludedClasses { get; }

    /// <summary>How many classes went into <see cref="Value"/>.</summary>
    public int DefinedCount => PerClass.Count - ExcludedClasses.Count;
}
