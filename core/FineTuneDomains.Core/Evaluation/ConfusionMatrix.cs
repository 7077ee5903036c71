namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Counts of (true class, predicted class) for single-label classification, and the metrics derived from it:
/// accuracy, balanced accuracy, per-class precision/recall/F1, macro and micro F1. Rows are true classes,
/// columns predictions (scikit-learn's layout).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    /// <summary>An empty matrix for <paramref name="numClasses"/> classes; fill it with <see cref="Add"/>.</summary>
    public ConfusionMatrix(int numClasses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        NumClasses = numClasses;
        _counts = new long[numClasses, numClasses];
    }

    /// <summary>Number of classes (rows and columns).</summary>
    public int NumClasses { get; }

    /// <summary>Number of examples counted.</summary>
    public long Total { get; private set; }

    /// <summary>Examples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>Builds the matrix from label and prediction arrays of equal length.</summary>
    public static ConfusionMatrix FromLabels(IReadOnlyList<int> labels, IReadOnlyList<int> predictions, int numClasses)
    {
        MetricChecks.SameLength(labels, predictions, nameof(predictions));
        var matrix = new ConfusionMatrix(numClasses);
        for (var i = 0; i < labels.Count; i++)
        {
            matrix.Add(labels[i], predictions[i]);
        }

        return matrix;
    }

    /// <summary>Counts one example (so batches can be accumulated without keeping all predictions).</summary>
    public void Add(int actual, int predicted)
    {
        MetricChecks.ClassIndex(actual, NumClasses, "label");
        MetricChecks.ClassIndex(predicted, NumClasses, "prediction");
        _counts[actual, predicted]++;
        Total++;
    }

    /// <summary>Examples whose true class is <paramref name="c"/> (row sum).</summary>
    public long Support(int c)
    {
        long sum = 0;
        for (var j = 0; j < NumClasses; j++)
        {
            sum += _counts[c, j];
        }

        return sum;
    }

    /// <summary>Examples predicted as <paramref name="c"/> (column sum).</summary>
    public long PredictedCount(int c)
    {
        long sum = 0;
        for (var i = 0; i < NumClasses; i++)
        {
            sum += _counts[i, c];
        }

        return sum;
    }

    /// <summary>Correct predictions (the diagonal).</summary>
    public long Correct
    {
        get
        {
            long sum = 0;
            for (var c = 0; c < NumClasses; c++)
            {
                sum += _counts[c, c];
            }

            return sum;
        }
    }

    /// <summary>Fraction correct; null for an empty matrix.</summary>
    public double? Accuracy => Total == 0 ? null : (double)Correct / Total;

    /// <summary>Precision, recall and F1 of each class.</summary>
    public IReadOnlyList<ClassReport> PerClass() =>
        Enumerable.Range(0, NumClasses).Select(c => new ClassReport(c, _counts[c, c], Support(c), PredictedCount(c))).ToArray();

    /// <summary>
    /// Mean per-class recall over classes that have examples (scikit-learn's <c>balanced_accuracy_score</c>);
    /// classes without examples are excluded.
    /// </summary>
    public ClassAveragedScore BalancedAccuracy() =>
        new(PerClass().Select(r => r.Support > 0 ? r.Recall : (double?)null).ToArray());

    /// <summary>Per-class F1 and its mean over present classes (in labels or predictions).</summary>
    public ClassAveragedScore MacroF1() => Macro(r => r.F1);

    /// <summary>Per-class precision and its mean over present classes.</summary>
    public ClassAveragedScore MacroPrecision() => Macro(r => r.Precision);

    /// <summary>Per-class recall and its mean over present classes.</summary>
    public ClassAveragedScore MacroRecall() => Macro(r => r.Recall);

    /// <summary>
    /// F1 from pooled counts. For single-label data every error is one false positive and one false negative, so
    /// this equals accuracy; null for an empty matrix.
    /// </summary>
    public double? MicroF1()
    {
        if (Total == 0)
        {
            return null;
        }

        // pooled TP = diagonal; pooled FP = pooled FN = Total - diagonal.
        var tp = (double)Correct;
        var errors = Total - Correct;
        return 2 * tp / (2 * tp + 2 * errors);
    }

    /// <summary>A copy of the counts as rows (true class) of columns (predicted), for reports and plots.</summary>
    public long[][] ToRows() =>
        Enumerable.Range(0, NumClasses).Select(i => Enumerable.Range(0, NumClasses).Select(j => _counts[i, j]).ToArray()).ToArray();

    /// <summary>Each row divided by its support (recall-normalised); rows of absent classes are all zero.</summary>
    public double[][] ToNormalisedRows() =>
        Enumerable.Range(0, NumClasses).Select(i =>
        {
            var support = Support(i);
            return Enumerable.Range(0, NumClasses).Select(j => support == 0 ? 0.0 : (double)_counts[i, j] / support).ToArray();
        }).ToArray();

    private ClassAveragedScore Macro(Func<ClassReport, double> score) =>
        new(PerClass().Select(r => r.IsPresent ? score(r) : (double?)null).ToArray());
}
