using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Evaluation;
using FineTuneDomains.Core.Plugins;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>
/// Metrics over model outputs. Classification: accuracy, macro-F1, one-vs-rest AP per class, mAP, macro
/// AUROC. Multi-label: subset accuracy, macro/micro-F1 at the task threshold, AP per class, mAP, macro AUROC,
/// and the per-class max-F1 thresholds with the macro-F1 they give (<c>threshold/&lt;class&gt;</c>,
/// <c>macro_f1_tuned</c>). Classes where a score is undefined (no positives) are left out of averages.
/// </summary>
internal sealed class AudioEvaluator : IEvaluator
{
    private readonly IReadOnlyList<string> _classes;
    private readonly bool _multiLabel;
    private readonly double _threshold;
    private readonly double[] _thresholds;
    private readonly List<double[]> _scores = [];
    private readonly List<float[]> _targets = [];
    private readonly List<Prediction> _predictions = [];

    public AudioEvaluator(TaskContext context)
    {
        _classes = context.Classes;
        _multiLabel = context.Task.Type == TaskKinds.MultiLabel;
        _threshold = _multiLabel && context.Task.Options.Has("threshold") ? context.Task.Options.GetDouble("threshold") : 0.5;
        // Per-class thresholds tuned on validation (stored by AudioTaskHead.Calibrate) override the task's one.
        _thresholds = StoredThresholds(context.Metadata, _classes.Count) ?? Enumerable.Repeat(_threshold, _classes.Count).ToArray();
    }

    public IReadOnlyList<Prediction> Predictions => _predictions;

    public void Reset()
    {
        _scores.Clear();
        _targets.Clear();
        _predictions.Clear();
    }

    public void Add(Tensor output, Batch batch)
    {
        using var scope = NewDisposeScope();
        var probabilities = (_multiLabel ? output.sigmoid() : output.softmax(1)).to_type(ScalarType.Float64).cpu().contiguous();
        var flat = probabilities.data<double>().ToArray();
        var targets = batch.Target.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        int c = _classes.Count;
        for (int i = 0; i < batch.Count; i++)
        {
            var row = flat.AsSpan(i * c, c).ToArray();
            var target = targets.AsSpan(i * c, c).ToArray();
            _scores.Add(row);
            _targets.Add(target);
            _predictions.Add(new Prediction(batch.Indices[i], Describe(target.Select(t => t >= 0.5).ToArray()), Describe(Decide(row)), row));
        }
    }

    public IReadOnlyDictionary<string, double> Compute()
    {
        var metrics = new Dictionary<string, double>();
        if (_scores.Count == 0)
        {
            return metrics;
        }

        IReadOnlyList<IReadOnlyList<double>> scores = _scores;
        ClassAveragedScore ap, auroc;
        if (_multiLabel)
        {
            IReadOnlyList<IReadOnlyList<int>> targets = _targets.Select(t => (IReadOnlyList<int>)t.Select(v => v >= 0.5f ? 1 : 0).ToArray()).ToList();
            IReadOnlyList<IReadOnlyList<int>> predicted = _scores.Select(s => (IReadOnlyList<int>)s.Select((v, k) => v >= _thresholds[k] ? 1 : 0).ToArray()).ToList();
            metrics[MetricNames.Accuracy] = targets.Zip(predicted, (t, p) => t.SequenceEqual(p) ? 1.0 : 0.0).Average();
            Put(metrics, MetricNames.MacroF1, ClassificationMetrics.MultiLabelMacroF1(targets, predicted).Value);
            Put(metrics, MetricNames.MicroF1, ClassificationMetrics.MultiLabelMicroF1(targets, predicted));
            ap = RankingMetrics.AveragePrecisionMultiLabel(scores, targets);
            auroc = RankingMetrics.AurocMultiLabel(scores, targets);

            var thresholds = ThresholdTuning.MaxF1(scores, targets, _threshold);
            IReadOnlyList<IReadOnlyList<int>> tuned = _scores.Select(s => (IReadOnlyList<int>)s.Select((v, k) => v >= thresholds[k] ? 1 : 0).ToArray()).ToList();
            Put(metrics, "macro_f1_tuned", ClassificationMetrics.MultiLabelMacroF1(targets, tuned).Value);
            for (int k = 0; k < _classes.Count; k++)
            {
                metrics[$"threshold/{_classes[k]}"] = thresholds[k];
            }
        }
        else
        {
            var labels = _targets.Select(ArgMax).ToList();
            var predictions = _scores.Select(ArgMax).ToList();
            Put(metrics, MetricNames.Accuracy, ClassificationMetrics.Accuracy(labels, predictions));
            Put(metrics, MetricNames.MacroF1, ClassificationMetrics.MacroF1(labels, predictions, _classes.Count).Value);
            ap = RankingMetrics.AveragePrecisionOneVsRest(scores, labels);
            auroc = RankingMetrics.AurocOneVsRest(scores, labels);
        }

        Put(metrics, MetricNames.MeanAveragePrecision, ap.Value);
        Put(metrics, MetricNames.MacroAuroc, auroc.Value);
        for (int k = 0; k < _classes.Count; k++)
        {
            Put(metrics, $"ap/{_classes[k]}", ap.PerClass[k]);
        }

        return metrics;
    }

    private bool[] Decide(double[] row) =>
        _multiLabel ? row.Select((v, k) => v >= _thresholds[k]).ToArray() : row.Select((_, k) => k == ArgMax(row)).ToArray();

    /// <summary>Metadata key of the per-class thresholds tuned on validation (comma-separated, class order).</summary>
    internal const string ThresholdsKey = "thresholds";

    /// <summary>The per-class max-F1 thresholds over everything added (multi-label), or null.</summary>
    internal double[]? TunedThresholds()
    {
        if (!_multiLabel || _scores.Count == 0) return null;
        IReadOnlyList<IReadOnlyList<int>> targets = _targets.Select(t => (IReadOnlyList<int>)t.Select(v => v >= 0.5f ? 1 : 0).ToArray()).ToList();
        return ThresholdTuning.MaxF1(_scores.Select(s => (IReadOnlyList<double>)s).ToList(), targets, _threshold);
    }

    internal static double[]? StoredThresholds(IReadOnlyDictionary<string, string> metadata, int classes)
    {
        if (!metadata.TryGetValue(ThresholdsKey, out var text)) return null;
        var values = text.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return values.Length == classes ? values : null;
    }

    private string Describe(bool[] present) => string.Join(';', present.Select((p, k) => p ? _classes[k] : null).Where(n => n is not null));

    private static int ArgMax(IReadOnlyList<float> row) => ArgMax(row.Select(v => (double)v).ToArray());

    private static int ArgMax(double[] row)
    {
        int best = 0;
        for (int k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static void Put(Dictionary<string, double> metrics, string name, double? value)
    {
        if (value is double v)
        {
            metrics[name] = v;
        }
    }
}
