namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Label-based classification metrics over plain arrays: accuracy, top-k accuracy, balanced accuracy, F1
/// (single-label through <see cref="ConfusionMatrix"/>, multi-label from 0/1 indicator rows), and sensitivity /
/// specificity of a binary score at a threshold.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>Fraction of predictions equal to the label; null when there are no examples.</summary>
    public static double? Accuracy(IReadOnlyList<int> labels, IReadOnlyList<int> predictions)
    {
        MetricChecks.SameLength(labels, predictions, nameof(predictions));
        if (labels.Count == 0)
        {
            return null;
        }

        var correct = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == predictions[i])
            {
                correct++;
            }
        }

        return (double)correct / labels.Count;
    }

    /// <summary>
    /// Fraction of examples whose label is among the <paramref name="k"/> highest scores. Ties are broken toward
    /// the lower class index, as <c>argmax</c> does, so top-1 accuracy equals accuracy of <see cref="ScoreRows.ArgMax"/>.
    /// </summary>
    public static double? TopKAccuracy(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<int> labels, int k)
    {
        MetricChecks.SameLength(labels, scores, nameof(scores));
        if (labels.Count == 0)
        {
            return null;
        }

        var classes = MetricChecks.Rectangular(scores, nameof(scores));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var hits = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var y = labels[i];
            MetricChecks.ClassIndex(y, classes, "label");
            var row = scores[i];
            // rank of the label = classes ranked before it (higher score, or equal score and lower index).
            var rank = 0;
            for (var j = 0; j < classes; j++)
            {
                if (row[j] > row[y] || (row[j] == row[y] && j < y))
                {
                    rank++;
                }
            }

            if (rank < k)
            {
                hits++;
            }
        }

        return (double)hits / labels.Count;
    }

    /// <summary>Mean recall over classes that have examples; see <see cref="ConfusionMatrix.BalancedAccuracy"/>.</summary>
    public static ClassAveragedScore BalancedAccuracy(IReadOnlyList<int> labels, IReadOnlyList<int> predictions, int numClasses) =>
        ConfusionMatrix.FromLabels(labels, predictions, numClasses).BalancedAccuracy();

    /// <summary>Macro F1 of single-label predictions; see <see cref="ConfusionMatrix.MacroF1"/>.</summary>
    public static ClassAveragedScore MacroF1(IReadOnlyList<int> labels, IReadOnlyList<int> predictions, int numClasses) =>
        ConfusionMatrix.FromLabels(labels, predictions, numClasses).MacroF1();

    /// <summary>Micro F1 of single-label predictions (equals accuracy).</summary>
    public static double? MicroF1(IReadOnlyList<int> labels, IReadOnlyList<int> predictions, int numClasses) =>
        ConfusionMatrix.FromLabels(labels, predictions, numClasses).MicroF1();

    /// <summary>
    /// Per-label reports for multi-label 0/1 indicator rows (each label is its own binary problem); a label that is
    /// neither present nor predicted anywhere is excluded from the macro averages.
    /// </summary>
    public static IReadOnlyList<ClassReport> MultiLabelPerClass(IReadOnlyList<IReadOnlyList<int>> targets, IReadOnlyList<IReadOnlyList<int>> predictions)
    {
        var labelsCount = CheckIndicators(targets, predictions);
        var reports = new ClassReport[labelsCount];
        for (var c = 0; c < labelsCount; c++)
        {
            long tp = 0, support = 0, predicted = 0;
            for (var i = 0; i < targets.Count; i++)
            {
                var t = targets[i][c] == 1;
                var p = predictions[i][c] == 1;
                support += t ? 1 : 0;
                predicted += p ? 1 : 0;
                tp += t && p ? 1 : 0;
            }

            reports[c] = new ClassReport(c, tp, support, predicted);
        }

        return reports;
    }

    /// <summary>Mean per-label F1 over labels present in targets or predictions.</summary>
    public static ClassAveragedScore MultiLabelMacroF1(IReadOnlyList<IReadOnlyList<int>> targets, IReadOnlyList<IReadOnlyList<int>> predictions) =>
        new(MultiLabelPerClass(targets, predictions).Select(r => r.IsPresent ? r.F1 : (double?)null).ToArray());

    /// <summary>F1 from counts pooled over all labels: 2·ΣTP / (Σsupport + Σpredicted); null if both are 0.</summary>
    public static double? MultiLabelMicroF1(IReadOnlyList<IReadOnlyList<int>> targets, IReadOnlyList<IReadOnlyList<int>> predictions)
    {
        var reports = MultiLabelPerClass(targets, predictions);
        var tp = reports.Sum(r => r.TruePositives);
        var denominator = reports.Sum(r => r.Support + r.Predicted);
        return denominator == 0 ? null : 2.0 * tp / denominator;
    }

    /// <summary>
    /// Binary decisions at a threshold (positive when score ≥ threshold) and their sensitivity and specificity:
    /// the screening view used for CT findings.
    /// </summary>
    public static ThresholdCounts AtThreshold(IReadOnlyList<double> scores, IReadOnlyList<int> labels, double threshold)
    {
        MetricChecks.SameLength(labels, scores, nameof(scores));
        MetricChecks.Binary(labels, nameof(labels));
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var positive = scores[i] >= threshold;
            if (labels[i] == 1)
            {
                if (positive) { tp++; } else { fn++; }
            }
            else
            {
                if (positive) { fp++; } else { tn++; }
            }
        }

        return new ThresholdCounts(threshold, tp, fp, tn, fn);
    }

    private static int CheckIndicators(IReadOnlyList<IReadOnlyList<int>> targets, IReadOnlyList<IReadOnlyList<int>> predictions)
    {
        MetricChecks.SameLength(targets, predictions, nameof(predictions));
        if (targets.Count == 0)
        {
            throw new ArgumentException("no examples", nameof(targets));
        }

        var width = targets[0].Count;
        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i].Count != width || predictions[i].Count != width)
            {
                throw new ArgumentException($"row {i} does not have {width} labels", nameof(targets));
            }

            MetricChecks.Binary(targets[i], nameof(targets));
            MetricChecks.Binary(predictions[i], nameof(predictions));
        }

        return width;
    }
}
