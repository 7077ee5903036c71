namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>Per-class decision thresholds that maximise F1 on a labelled set (typically validation).</summary>
internal static class ThresholdTuning
{
    /// <summary>
    /// The threshold (one of the scores, so "score ≥ threshold" is the decision) with the highest F1 for each
    /// class; classes without positives keep <paramref name="fallback"/>. Ties keep the higher threshold.
    /// </summary>
    public static double[] MaxF1(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<IReadOnlyList<int>> targets, double fallback = 0.5)
    {
        int classes = scores.Count == 0 ? 0 : scores[0].Count;
        var result = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            var pairs = scores.Select((row, i) => (Score: row[c], Positive: targets[i][c] == 1)).OrderByDescending(p => p.Score).ToList();
            int positives = pairs.Count(p => p.Positive);
            if (positives == 0)
            {
                result[c] = fallback;
                continue;
            }

            double bestF1 = -1, best = fallback;
            int tp = 0, predicted = 0;
            for (int k = 0; k < pairs.Count; k++)
            {
                predicted++;
                tp += pairs[k].Positive ? 1 : 0;
                if (k + 1 < pairs.Count && pairs[k + 1].Score == pairs[k].Score)
                {
                    continue; // equal scores are decided together
                }

                double f1 = 2.0 * tp / (positives + predicted);
                if (f1 > bestF1)
                {
                    bestF1 = f1;
                    best = pairs[k].Score;
                }
            }

            result[c] = best;
        }

        return result;
    }
}
