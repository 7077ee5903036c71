namespace FineTuneDomains.Plugins.ArchaicOcr.Metrics;

/// <summary>Levenshtein distance and alignment between token sequences (code points for CER, words for WER).</summary>
internal static class Levenshtein
{
    /// <summary>The minimum number of insertions, deletions and substitutions turning reference into hypothesis.</summary>
    public static int Distance(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        var previous = new int[hypothesis.Count + 1];
        var current = new int[hypothesis.Count + 1];
        for (var j = 0; j <= hypothesis.Count; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= reference.Count; i++)
        {
            current[0] = i;
            for (var j = 1; j <= hypothesis.Count; j++)
            {
                var cost = string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal) ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[hypothesis.Count];
    }

    /// <summary>A minimum-cost alignment. On ties, substitution is preferred to deletion, deletion to insertion, so the
    /// confusions counted from it are stable.</summary>
    public static IReadOnlyList<EditOperation> Align(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
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
                var cost = string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            }
        }

        var operations = new List<EditOperation>();
        int a = n, b = m;
        while (a > 0 || b > 0)
        {
            if (a > 0 && b > 0)
            {
                var cost = string.Equals(reference[a - 1], hypothesis[b - 1], StringComparison.Ordinal) ? 0 : 1;
                if (d[a, b] == d[a - 1, b - 1] + cost)
                {
                    operations.Add(new EditOperation(reference[a - 1], hypothesis[b - 1]));
                    a--;
                    b--;
                    continue;
                }
            }

            if (a > 0 && d[a, b] == d[a - 1, b] + 1)
            {
                operations.Add(new EditOperation(reference[a - 1], null));
                a--;
            }
            else
            {
                operations.Add(new EditOperation(null, hypothesis[b - 1]));
                b--;
            }
        }

        operations.Reverse();
        return operations;
    }
}
