using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Evaluation;
using FineTuneDomains.Core.Plugins;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.CtDicom.Plugin;

/// <summary>
/// Metrics for CT classification. Binary: AUROC, average precision, sensitivity and specificity at the
/// operating point (task option <c>threshold</c> on the positive class's probability), balanced accuracy.
/// Multi-class: accuracy, balanced accuracy, macro F1, macro AUROC, mAP.
/// </summary>
internal sealed class CtEvaluator(IReadOnlyList<string> classes, int positive, double threshold) : IEvaluator
{
    private readonly List<double[]> _scores = [];
    private readonly List<int> _labels = [];
    private readonly List<Prediction> _predictions = [];

    public IReadOnlyList<Prediction> Predictions => _predictions;

    public void Reset()
    {
        _scores.Clear();
        _labels.Clear();
        _predictions.Clear();
    }

    public void Add(Tensor output, Batch batch)
    {
        using var scope = NewDisposeScope();
        var probs = nn.functional.softmax(output.to_type(ScalarType.Float32).cpu(), 1);
        int n = (int)probs.shape[0], k = (int)probs.shape[1];
        var flat = probs.data<float>().ToArray();
        var targets = batch.Target.cpu().to_type(ScalarType.Int64).data<long>().ToArray();
        for (int i = 0; i < n; i++)
        {
            var row = new double[k];
            for (int c = 0; c < k; c++) row[c] = flat[i * k + c];
            int label = (int)targets[i];
            _scores.Add(row);
            _labels.Add(label);
            _predictions.Add(new Prediction(batch.Indices[i], classes[label], classes[Decide(row)], row));
        }
    }

    private int Decide(double[] row)
    {
        if (row.Length == 2) return row[positive] >= threshold ? positive : 1 - positive;
        int best = 0;
        for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
        return best;
    }

    public IReadOnlyDictionary<string, double> Compute()
    {
        var r = new Dictionary<string, double>();
        if (_labels.Count == 0) return r;
        var predicted = _scores.Select(Decide).ToList();
        void Put(string name, double? v) { if (v is double d) r[name] = d; }
        Put(MetricNames.Accuracy, ClassificationMetrics.Accuracy(_labels, predicted));
        Put(MetricNames.BalancedAccuracy, ClassificationMetrics.BalancedAccuracy(_labels, predicted, classes.Count).Value);
        Put(MetricNames.MacroF1, ClassificationMetrics.MacroF1(_labels, predicted, classes.Count).Value);
        if (classes.Count == 2)
        {
            var pos = _scores.Select(s => s[positive]).ToList();
            var bin = _labels.Select(l => l == positive ? 1 : 0).ToList();
            Put(MetricNames.Auroc, RankingMetrics.Auroc(pos, bin));
            Put("ap", RankingMetrics.AveragePrecision(pos, bin));
            var at = ClassificationMetrics.AtThreshold(pos, bin, threshold);
            Put(MetricNames.Sensitivity, at.Sensitivity);
            Put(MetricNames.Specificity, at.Specificity);
        }
        else
        {
            IReadOnlyList<IReadOnlyList<double>> rows = _scores;
            Put(MetricNames.MacroAuroc, RankingMetrics.AurocOneVsRest(rows, _labels).Value);
            Put(MetricNames.MeanAveragePrecision, RankingMetrics.AveragePrecisionOneVsRest(rows, _labels).Value);
        }
        return r;
    }
}
