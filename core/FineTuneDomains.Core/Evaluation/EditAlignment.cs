namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// A minimum-cost (Levenshtein, unit costs) alignment of a hypothesis to a reference. Among equal-cost alignments
/// the backtrace prefers a diagonal step (match or substitution), then a deletion, then an insertion, so the
/// result is deterministic.
/// </summary>
/// <typeparam name="T">Symbol type.</typeparam>
public sealed class EditAlignment<T>
{
    private EditAlignment(IReadOnlyList<EditOperation<T>> operations, int referenceLength)
    {
        Operations = operations;
        ReferenceLength = referenceLength;
        Substitutions = operations.Count(o => o.Kind == EditOperationKind.Substitution);
        Deletions = operations.Count(o => o.Kind == EditOperationKind.Deletion);
        Insertions = operations.Count(o => o.Kind == EditOperationKind.Insertion);
    }

    /// <summary>The aligned steps in reading order.</summary>
    public IReadOnlyList<EditOperation<T>> Operations { get; }

    /// <summary>Number of reference symbols.</summary>
    public int ReferenceLength { get; }

    /// <summary>Substituted symbols.</summary>
    public int Substitutions { get; }

    /// <summary>Deleted symbols.</summary>
    public int Deletions { get; }

    /// <summary>Inserted symbols.</summary>
    public int Insertions { get; }

    /// <summary>The edit distance: substitutions + deletions + insertions.</summary>
    public int Distance => Substitutions + Deletions + Insertions;

    /// <summary>Aligns <paramref name="hypothesis"/> to <paramref name="reference"/>.</summary>
    public static EditAlignment<T> Compute(IReadOnlyList<T> reference, IReadOnlyList<T> hypothesis, IEqualityComparer<T>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(hypothesis);
        comparer ??= EqualityComparer<T>.Default;
        int n = reference.Count, m = hypothesis.Count;
        var d = new int[n + 1, m + 1];
        for (var i = 0; i <= n; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= m; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= n; i++)
        {
            for (var j = 1; j <= m; j++)
            {
                var diagonal = d[i - 1, j - 1] + (comparer.Equals(reference[i - 1], hypothesis[j - 1]) ? 0 : 1);
                d[i, j] = Math.Min(diagonal, Math.Min(d[i - 1, j], d[i, j - 1]) + 1);
            }
        }

        var operations = new List<EditOperation<T>>(Math.Max(n, m));
        int a = n, b = m;
        while (a > 0 || b > 0)
        {
            if (a > 0 && b > 0)
            {
                var same = comparer.Equals(reference[a - 1], hypothesis[b - 1]);
                if (d[a, b] == d[a - 1, b - 1] + (same ? 0 : 1))
                {
                    operations.Add(new(same ? EditOperationKind.Match : EditOperationKind.Substitution, reference[a - 1], hypothesis[b - 1]));
                    a--;
                    b--;
                    continue;
                }
            }

            if (a > 0 && d[a, b] == d[a - 1, b] + 1)
            {
                operations.Add(new(EditOperationKind.Deletion, reference[a - 1], default));
                a--;
            }
            else
            {
                operations.Add(new(EditOperationKind.Insertion, default, hypothesis[b - 1]));
                b--;
            }
        }

        operations.Reverse();
        return new EditAlignment<T>(operations, n);
    }
}
