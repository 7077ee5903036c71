namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Turns the flat row-major arrays that come out of an [N, C] tensor (<c>tensor.data&lt;float&gt;().ToArray()</c>)
/// into the per-example rows the metric functions take, and back.
/// </summary>
public static class ScoreRows
{
    /// <summary>Splits a flat row-major array into rows of <paramref name="columns"/> values.</summary>
    public static double[][] FromFlat(IReadOnlyList<float> flat, int columns) =>
        FromFlat(flat.Select(v => (double)v).ToArray(), columns);

    /// <summary>Splits a flat row-major array into rows of <paramref name="columns"/> values.</summary>
    public static double[][] FromFlat(IReadOnlyList<double> flat, int columns)
    {
        ArgumentNullException.ThrowIfNull(flat);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (flat.Count % columns != 0)
        {
            throw new ArgumentException($"{flat.Count} values do not split into rows of {columns}", nameof(flat));
        }

        var rows = new double[flat.Count / columns][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[columns];
            for (var j = 0; j < columns; j++)
            {
                rows[i][j] = flat[(i * columns) + j];
            }
        }

        return rows;
    }

    /// <summary>Index of the largest score in each row; the first one wins a tie (like <c>argmax</c>).</summary>
    public static int[] ArgMax(IReadOnlyList<IReadOnlyList<double>> scores)
    {
        MetricChecks.Rectangular(scores, nameof(scores));
        var result = new int[scores.Count];
        for (var i = 0; i < scores.Count; i++)
        {
            var row = scores[i];
            var best = 0;
            for (var j = 1; j < row.Count; j++)
            {
                if (row[j] > row[best])
                {
                    best = j;
                }
            }

            result[i] = best;
        }

        return result;
    }

    /// <summary>Multi-label decisions: 1 where a score is at least <paramref name="threshold"/>.</summary>
    public static int[][] Threshold(IReadOnlyList<IReadOnlyList<double>> scores, double threshold) =>
        scores.Select(row => row.Select(s => s >= threshold ? 1 : 0).ToArray()).ToArray();

    /// <summary>Column <paramref name="column"/> of a matrix.</summary>
    public static double[] Column(IReadOnlyList<IReadOnlyList<double>> rows, int column) =>
        rows.Select(r => r[column]).ToArray();
}
