namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Score-ranking metrics: average precision (AP, mAP) and the area under the ROC curve (AUROC), binary,
/// one-vs-rest over single-label classes and per label for multi-label data. Definitions follow scikit-learn:
/// equal scores form one threshold (ties are never split), AP is the step-wise sum Σ (Rₙ − Rₙ₋₁)·Pₙ without
/// interpolation, AUROC is the trapezoidal area under the ROC points.
/// </summary>
public static class RankingMetrics
{
    /// <summary>
    /// Average precision of binary labels (1 = positive) ranked by score; null when there is no positive
    /// (recall is undefined).
    /// </summary>
    public static double? AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        var curve = Sweep(scores, labels, out var positives, out _);
        if (positives == 0)
        {
            return null;
        }

        double ap = 0, previousRecall = 0;
        foreach (var (tp, fp) in curve)
        {
            var recall = (double)tp / positives;
            var precision = (double)tp / (tp + fp);
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
        }

        return ap;
    }

    /// <summary>
    /// Area under the ROC curve of binary labels ranked by score, ties handled as one threshold (so a tie between
    /// a positive and a negative counts one half); null unless there is at least one positive and one negative.
    /// </summary>
    public static double? Auroc(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        var curve = Sweep(scores, labels, out var positives, out var negatives);
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        double area = 0, previousFpr = 0, previousTpr = 0;
        foreach (var (tp, fp) in curve)
        {
            var tpr = (double)tp / positives;
            var fpr = (double)fp / negatives;
            area += (fpr - previousFpr) * (tpr + previousTpr) / 2;
            previousFpr = fpr;
            previousTpr = tpr;
        }

        return area;
    }

    /// <summary>
    /// One-vs-rest AP of each class of single-label data (score column c against label == c) and their mean, the
    /// mAP; classes without examples are excluded and listed.
    /// </summary>
    public static ClassAveragedScore AveragePrecisionOneVsRest(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<int> labels) =>
        PerClass(scores, OneHot(scores, labels), AveragePrecision);

    /// <summary>AP of each label of multi-label data (0/1 indicator rows) and their mean; labels without positives are excluded.</summary>
    public static ClassAveragedScore AveragePrecisionMultiLabel(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<IReadOnlyList<int>> targets) =>
        PerClass(scores, targets, AveragePrecision);

    /// <summary>
    /// One-vs-rest AUROC of each class of single-label data and their macro mean (scikit-learn's
    /// <c>multi_class="ovr", average="macro"</c>); classes with no examples, or that are every example, are excluded.
    /// </summary>
    public static ClassAveragedScore AurocOneVsRest(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<int> labels) =>
        PerClass(scores, OneHot(scores, labels), Auroc);

    /// <summary>AUROC of each label of multi-label data and their macro mean; labels lacking positives or negatives are excluded.</summary>
    public static ClassAveragedScore AurocMultiLabel(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<IReadOnlyList<int>> targets) =>
        PerClass(scores, targets, Auroc);

    /// <summary>
    /// Walks the thresholds from the highest score down and yields cumulative (TP, FP) after each group of equal
    /// scores: one point per distinct threshold, as scikit-learn's curves.
    /// </summary>
    private static List<(long Tp, long Fp)> Sweep(IReadOnlyList<double> scores, IReadOnlyList<int> labels, out long positives, out long negatives)
    {
        MetricChecks.SameLength(labels, scores, nameof(scores));
        MetricChecks.Binary(labels, nameof(labels));
        MetricChecks.Finite(scores, nameof(scores));
        var order = Enumerable.Range(0, scores.Count).ToArray();
        var keys = order.Select(i => -scores[i]).ToArray();
        Array.Sort(keys, order);

        var points = new List<(long, long)>();
        long tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]] == 1) { tp++; } else { fp++; }
            var lastOfGroup = k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (lastOfGroup)
            {
                points.Add((tp, fp));
            }
        }

        positives = tp;
        negatives = fp;
        return points;
    }

    private static int[][] OneHot(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<int> labels)
    {
        MetricChecks.SameLength(labels, scores, nameof(scores));
        var classes = MetricChecks.Rectangular(scores, nameof(scores));
        return labels.Select(y =>
        {
            MetricChecks.ClassIndex(y, classes, "label");
            var row = new int[classes];
            row[y] = 1;
            return row;
        }).ToArray();
    }

    private static ClassAveragedScore PerClass(
        IReadOnlyList<IReadOnlyList<double>> scores,
        IReadOnlyList<IReadOnlyList<int>> targets,
        Func<IReadOnlyList<double>, IReadOnlyList<int>, double?> binary)
    {
        MetricChecks.SameLength(targets, scores, nameof(scores));
        var classes = MetricChecks.Rectangular(scores, nameof(scores));
        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i].Count != classes)
            {
                throw new ArgumentException($"targets row {i} has {targets[i].Count} labels, scores have {classes}", nameof(targets));
            }
        }

        var perClass = new double?[classes];
        for (var c = 0; c < classes; c++)
        {
            var column = ScoreRows.Column(scores, c);
            var truth = targets.Select(t => t[c]).ToArray();
            perClass[c] = binary(column, truth);
        }

        return new ClassAveragedScore(perClass);
    }
}
