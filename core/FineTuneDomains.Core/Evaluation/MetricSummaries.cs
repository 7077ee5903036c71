namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// The standard metric sets a plugin's evaluator returns, under <see cref="MetricNames"/>, so the three domains
/// report the same names the same way. Metrics that are undefined on the data (AUROC with one class present…)
/// are left out rather than written as NaN; the classes left out of a macro average are counted under
/// <c>&lt;metric&gt;_excluded_classes</c> when there are any.
/// </summary>
public static class MetricSummaries
{
    /// <summary>
    /// Single-label classification from class probabilities (rows summing to 1) and labels: accuracy, top-k
    /// accuracy (when k is below the class count), balanced accuracy, macro/micro F1, macro precision/recall,
    /// one-vs-rest mAP and macro AUROC, ECE; with <paramref name="classNames"/>, per-class F1, AP and AUROC as
    /// <c>f1/&lt;class&gt;</c>, <c>ap/&lt;class&gt;</c>, <c>auroc/&lt;class&gt;</c>.
    /// </summary>
    public static MetricSet SingleLabel(IReadOnlyList<IReadOnlyList<double>> probabilities, IReadOnlyList<int> labels,
        int topK = 5, int calibrationBins = CalibrationMetrics.DefaultBins, IReadOnlyList<string>? classNames = null)
    {
        var classes = MetricChecks.Rectangular(probabilities, nameof(probabilities));
        CheckNames(classNames, classes);
        var predictions = ScoreRows.ArgMax(probabilities);
        var confusion = ConfusionMatrix.FromLabels(labels, predictions, classes);
        var set = new MetricSet();
        AddIfDefined(set, MetricNames.Accuracy, confusion.Accuracy);
        if (topK > 1 && topK < classes)
        {
            AddIfDefined(set, MetricNames.TopKAccuracy(topK), ClassificationMetrics.TopKAccuracy(probabilities, labels, topK));
        }

        var macroF1 = confusion.MacroF1();
        AddAverage(set, MetricNames.BalancedAccuracy, confusion.BalancedAccuracy());
        AddAverage(set, MetricNames.MacroF1, macroF1);
        AddIfDefined(set, MetricNames.MicroF1, confusion.MicroF1());
        AddAverage(set, MetricNames.MacroPrecision, confusion.MacroPrecision());
        AddAverage(set, MetricNames.MacroRecall, confusion.MacroRecall());
        var ap = RankingMetrics.AveragePrecisionOneVsRest(probabilities, labels);
        var auroc = RankingMetrics.AurocOneVsRest(probabilities, labels);
        AddAverage(set, MetricNames.MeanAveragePrecision, ap);
        AddAverage(set, MetricNames.MacroAuroc, auroc);
        set.Add(MetricNames.ExpectedCalibrationError, CalibrationMetrics.ExpectedCalibrationError(probabilities, labels, calibrationBins).ExpectedCalibrationError);
        if (classNames is not null)
        {
            AddPerClass(set, "f1", classNames, macroF1.PerClass);
            AddPerClass(set, "ap", classNames, ap.PerClass);
            AddPerClass(set, "auroc", classNames, auroc.PerClass);
        }

        return set;
    }

    /// <summary>
    /// Multi-label classification from per-label scores (probabilities) and 0/1 targets: mAP, macro AUROC, and
    /// macro/micro F1 of the decisions at <paramref name="threshold"/>; with <paramref name="labelNames"/>, per-label
    /// AP and F1.
    /// </summary>
    public static MetricSet MultiLabel(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<IReadOnlyList<int>> targets,
        double threshold = 0.5, IReadOnlyList<string>? labelNames = null)
    {
        var width = MetricChecks.Rectangular(scores, nameof(scores));
        CheckNames(labelNames, width);
        var set = new MetricSet();
        var ap = RankingMetrics.AveragePrecisionMultiLabel(scores, targets);
        AddAverage(set, MetricNames.MeanAveragePrecision, ap);
        AddAverage(set, MetricNames.MacroAuroc, RankingMetrics.AurocMultiLabel(scores, targets));
        var decisions = ScoreRows.Threshold(scores, threshold);
        var f1 = ClassificationMetrics.MultiLabelMacroF1(targets, decisions);
        AddAverage(set, MetricNames.MacroF1, f1);
        AddIfDefined(set, MetricNames.MicroF1, ClassificationMetrics.MultiLabelMicroF1(targets, decisions));
        if (labelNames is not null)
        {
            AddPerClass(set, "ap", labelNames, ap.PerClass);
            AddPerClass(set, "f1", labelNames, f1.PerClass);
        }

        return set;
    }

    /// <summary>Text recognition: corpus CER and WER (total edits / total reference length).</summary>
    public static MetricSet Text(IReadOnlyList<string> references, IReadOnlyList<string> hypotheses)
    {
        var set = new MetricSet();
        AddIfDefined(set, MetricNames.CharacterErrorRate, TextMetrics.CharacterErrorRate(references, hypotheses).Rate);
        AddIfDefined(set, MetricNames.WordErrorRate, TextMetrics.WordErrorRate(references, hypotheses).Rate);
        return set;
    }

    private static void AddIfDefined(MetricSet set, string name, double? value)
    {
        if (value is double v)
        {
            set.Add(name, v);
        }
    }

    private static void AddAverage(MetricSet set, string name, ClassAveragedScore score)
    {
        AddIfDefined(set, name, score.Value);
        if (score.Value is not null && score.ExcludedClasses.Count > 0)
        {
            set.Add(name + "_excluded_classes", score.ExcludedClasses.Count);
        }
    }

    private static void AddPerClass(MetricSet set, string metric, IReadOnlyList<string> names, IReadOnlyList<double?> values)
    {
        for (var c = 0; c < names.Count; c++)
        {
            AddIfDefined(set, $"{metric}/{names[c]}", values[c]);
        }
    }

    private static void CheckNames(IReadOnlyList<string>? names, int classes)
    {
        if (names is not null && names.Count != classes)
        {
            throw new ArgumentException($"{names.Count} class names for {classes} score columns", nameof(names));
        }
    }
}
