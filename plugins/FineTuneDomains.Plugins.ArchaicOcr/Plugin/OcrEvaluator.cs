using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Evaluation;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.ArchaicOcr.Metrics;
using FineTuneDomains.Plugins.ArchaicOcr.Model;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>CER and WER over an evaluation pass (corpus rates, after the model's normalisation), with per-line predictions.</summary>
internal sealed class OcrEvaluator : IEvaluator
{
    private readonly OcrAlphabetPlan plan;
    private readonly int beamWidth;
    private readonly List<Prediction> predictions = new();
    private OcrScorer scorer;

    public OcrEvaluator(TaskContext context)
    {
        plan = OcrAlphabetPlan.Resolve(context);
        beamWidth = OcrOptions.BeamWidth(context.Task.Options);
        scorer = new OcrScorer(plan.Alphabet.Normalization);
    }

    public IReadOnlyList<Prediction> Predictions => predictions;

    /// <summary>The scorer of the current pass (per-line scores and confusions).</summary>
    public OcrScorer Scorer => scorer;

    public void Reset()
    {
        scorer = new OcrScorer(plan.Alphabet.Normalization);
        predictions.Clear();
    }

    public void Add(Tensor output, Batch batch)
    {
        var hypotheses = CrnnDecoding.Decode(output, batch.Extras[LineDataset.WidthsKey], plan.Alphabet, beamWidth);
        var codePoints = batch.Target.cpu().data<long>().ToArray();
        var lengths = batch.Extras[LineDataset.TargetLengthsKey].cpu().data<long>().ToArray();
        var offset = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var reference = CodePoints.ToText(codePoints.Skip(offset).Take((int)lengths[i]));
            offset += (int)lengths[i];
            scorer.Add(reference, hypotheses[i]);
            predictions.Add(new Prediction(batch.Indices[i], reference, hypotheses[i]));
        }
    }

    public IReadOnlyDictionary<string, double> Compute() => new Dictionary<string, double>
    {
        [MetricNames.CharacterErrorRate] = scorer.Cer,
        [MetricNames.WordErrorRate] = scorer.Wer,
    };
}
