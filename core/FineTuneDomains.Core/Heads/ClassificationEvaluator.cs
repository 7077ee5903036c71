using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Evaluation;
using FineTuneDomains.Core.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Heads;

/// <summary>
/// Metrics for <see cref="ClassificationHead"/> outputs. Single-label: accuracy, balanced accuracy, macro
/// F1, macro AUROC (one-vs-rest), mAP, ECE, top-k. Multi-label: macro/micro F1 at per-class thresholds,
/// mAP, macro AUROC. Items whose target is unknown (negative class index) are predicted but not scored.
/// </summary>
public sealed class ClassificationEvaluator : IEvaluator
{
    private readonly IReadOnlyList<string> classes;
    private readonly bool multiLabel;
    private readonly IReadOnlyList<double> thresholds;
    private readonly List<double[]> scores = [];
    private readonly List<int[]> targets = [];
    private readonly List<int> indices = [];

    /// <param name="classes">Class names in output order.</param>
    /// <param name="multiLabel">Sigmoid scores and multi-hot targets.</param>
    /// <param name="thresholds">Per-class decision thresholds for multi-label (default 0.5 each).</param>
    public ClassificationEvaluator(IReadOnlyList<string> classes, bool multiLabel = false, IReadOnlyList<double>? thresholds = null)
    {
        this.classes = classes;
        this.multiLabel = multiLabel;
        this.thresholds = thresholds ?? classes.Select(_ => 0.5).ToArray();
    }

    public void Reset()
    {
        scores.Clear();
        targets.Clear();
        indices.Clear();
    }

    public void Add(Tensor output, Batch batch)
    {
        using var scope = NewDisposeScope();
        var probs = (multiLabel ? output.sigmoid() : output.softmax(1)).to(ScalarType.Float64).cpu();
        var flat = probs.data<double>().ToArray();
        int k = (int)probs.shape[1];
        var t = batch.Target.to(ScalarType.Int64).cpu();
        var tf = t.data<long>().ToArray();
        for (int i = 0; i < batch.Count; i++)
        {
            scores.Add(flat.AsSpan(i * k, k).ToArray());
            targets.Add(multiLabel ? tf.AsSpan(i * k, k).ToArray().Select(v => (int)v).ToArray() : [(int)tf[i]]);
            indices.Add(batch.Indices[i]);
        }
    }

    /// <summary>Per-item scores added so far (for threshold tuning).</summary>
    public IReadOnlyList<double[]> Scores => scores;

    /// <summary>Per-item targets added so far.</summary>
    public IReadOnlyList<int[]> Targets => targets;

    public IReadOnlyDictionary<string, double> Compute()
    {
        var m = new Dictionary<string, double>();
        if (scores.Count == 0) return m;
        if (!multiLabel)
        {
            var known = Enumerable.Range(0, scores.Count).Where(i => targets[i][0] >= 0).ToList();
            if (known.Count == 0) return m;
            var labels = known.Select(i => targets[i][0]).ToList();
            var preds = known.Select(i => ArgMax(scores[i])).ToList();
            var s = known.Select(i => (IReadOnlyList<double>)scores[i]).ToList();
            Put(m, MetricNames.Accuracy, ClassificationMetrics.Accuracy(labels, preds));
            Put(m, MetricNames.BalancedAccuracy, ClassificationMetrics.BalancedAccuracy(labels, preds, classes.Count).Value);
            Put(m, MetricNames.MacroF1, ClassificationMetrics.MacroF1(labels, preds, classes.Count).Value);
            Put(m, MetricNames.MacroAuroc, RankingMetrics.AurocOneVsRest(s, labels).Value);
            Put(m, MetricNames.MeanAveragePrecision, RankingMetrics.AveragePrecisionOneVsRest(s, labels).Value);
            if (classes.Count > 5) Put(m, MetricNames.TopKAccuracy(5), ClassificationMetrics.TopKAccuracy(s, labels, 5));
            Put(m, MetricNames.ExpectedCalibrationError, CalibrationMetrics.ExpectedCalibrationError(s, labels).ExpectedCalibrationError);
        }
        else
        {
            var t = targets.Select(x => (IReadOnlyList<int>)x).ToList();
            var p = scores.Select(x => (IReadOnlyList<int>)x.Select((v, c) => v >= thresholds[c] ? 1 : 0).ToArray()).ToList();
            var s = scores.Select(x => (IReadOnlyList<double>)x).ToList();
            Put(m, MetricNames.MacroF1, ClassificationMetrics.MultiLabelMacroF1(t, p).Value);
            Put(m, MetricNames.MicroF1, ClassificationMetrics.MultiLabelMicroF1(t, p));
            Put(m, MetricNames.MeanAveragePrecision, RankingMetrics.AveragePrecisionMultiLabel(s, t).Value);
            Put(m, MetricNames.MacroAuroc, RankingMetrics.AurocMultiLabel(s, t).Value);
        }
        return m;
    }

    private static void Put(Dictionary<string, double> m, string name, double? value)
    {
        if (value is double v) m[name] = v;
    }

    private static int ArgMax(double[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public IReadOnlyList<Prediction> Predictions => Enumerable.Range(0, scores.Count).Select(i =>
        new Prediction(indices[i],
            multiLabel ? string.Join(";", targets[i].Select((v, c) => v > 0 ? classes[c] : null).Where(x => x is not null)) : targets[i][0] >= 0 ? classes[targets[i][0]] : "",
            multiLabel ? string.Join(";", scores[i].Select((v, c) => v >= thresholds[c] ? classes[c] : null).Where(x => x is not null)) : classes[ArgMax(scores[i])],
            scores[i])).ToList();
}
