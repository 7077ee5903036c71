namespace FineTuneDomains.Core.Evaluation;

/// <summary>Argument checks shared by the metric functions: wrong shapes are programming errors, named clearly.</summary>
internal static class MetricChecks
{
    public static void SameLength<TA, TB>(IReadOnlyList<TA> a, IReadOnlyList<TB> b, string name)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"{name} has {b.Count} entries but there are {a.Count} labels", name);
        }
    }

    public static void ClassIndex(int value, int numClasses, string what)
    {
        if ((uint)value >= (uint)numClasses)
        {
            throw new ArgumentOutOfRangeException(what, value, $"{what} {value} is outside 0..{numClasses - 1}");
        }
    }

    public static void Binary(IReadOnlyList<int> labels, string name)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"{name}[{i}] is {labels[i]}; binary labels must be 0 or 1", name);
            }
        }
    }

    /// <summary>Checks a score matrix is rectangular and returns its column count.</summary>
    public static int Rectangular(IReadOnlyList<IReadOnlyList<double>> rows, string name)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException($"{name} is empty", name);
        }

        var width = rows[0].Count;
        if (width == 0)
        {
            throw new ArgumentException($"{name} has rows with no columns", name);
        }

        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i].Count != width)
            {
                throw new ArgumentException($"{name} row {i} has {rows[i].Count} columns, row 0 has {width}", name);
            }
        }

        return width;
    }

    public static void Finite(IReadOnlyList<double> values, string name)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; scores must be finite", name);
            }
        }
    }
}
