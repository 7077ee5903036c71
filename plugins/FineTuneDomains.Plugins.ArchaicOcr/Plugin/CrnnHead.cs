using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Training;
using FineTuneDomains.Plugins.ArchaicOcr.Model;
using FineTuneDomains.Plugins.ArchaicOcr.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>
/// The <c>ctc</c> head: a <see cref="Crnn"/> reading line images directly (backbone <c>none</c>), trained with CTC.
/// Fine-tuned from a base recogniser, its output rows are rebuilt for the new alphabet before the core loads the
/// base's other weights (known rows bit-identical, new rows from related characters).
/// </summary>
internal sealed class CrnnHead : ITaskHead
{
    private readonly Crnn crnn;
    private readonly Dictionary<string, string> metadata;

    public CrnnHead(TaskContext context)
    {
        if (context.Backbone.Name != "none")
        {
            throw new UserErrorException(
                $"The archaic-ocr CRNN has its own convolutional trunk and reads line images directly: set model.backbone: none (got '{context.Backbone.Name}').");
        }

        if (context.Backbone.FeatureChannels != 1)
        {
            throw new UserErrorException($"Line images have one channel; the model receives {context.Backbone.FeatureChannels}.");
        }

        Plan = OcrAlphabetPlan.Resolve(context);
        var options = OcrOptions.Crnn(context.Task.Options);
        metadata = new Dictionary<string, string>
        {
            [OcrMetadata.Alphabet] = Plan.Alphabet.ToJson(),
            [OcrMetadata.Normalization] = TextNormalizer.Name(Plan.Alphabet.Normalization),
            [OcrMetadata.Height] = options.Height.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        if (Plan.BaseAlphabet is { } baseAlphabet)
        {
            crnn = new Crnn(options, baseAlphabet.ClassCount);
            LoadBaseOutput(context.Metadata.GetValueOrDefault(OcrMetadata.BaseCheckpoint), baseAlphabet);
            Change = AlphabetResizer.Apply(crnn, baseAlphabet, Plan.Alphabet, Plan.Mode);
            metadata[OcrMetadata.AlphabetChange] = Change.Describe();
            // The output rows were remapped from the base here; the core must not copy the base's rows over them.
            metadata[ModelBuilder.HeadInitialisedFromBase] = "output.weight,output.bias";
        }
        else
        {
            crnn = new Crnn(options, Plan.Alphabet.ClassCount);
        }
    }

    /// <summary>The alphabet decision.</summary>
    public OcrAlphabetPlan Plan { get; }

    /// <summary>What the alphabet change from the base did, when fine-tuning.</summary>
    public AlphabetChange? Change { get; }

    public nn.Module<Tensor, Tensor> Module => crnn;

    public IReadOnlyList<LayerGroup> Groups { get; } = Crnn.GroupNames.Select(g => new LayerGroup(g, [g + "."])).ToList();

    public IReadOnlyDictionary<string, string> Metadata => metadata;

    public Tensor Loss(Tensor output, Batch batch)
    {
        using var scope = torch.NewDisposeScope();
        var codePoints = batch.Target.cpu().data<long>().ToArray();
        var lengths = batch.Extras[LineDataset.TargetLengthsKey].cpu().data<long>().ToArray();
        long[] labels;
        if (crnn.training)
        {
            // Training never drops a character: the dataset checked coverage, so this only fires on a mismatch.
            labels = CodePoints.ToLabels(codePoints, Plan.Alphabet);
        }
        else
        {
            // Evaluating on lines with characters the model cannot emit (a base model on a new script): the loss
            // leaves them out, the evaluator still counts every one of them as an error.
            (labels, lengths) = CodePoints.ToKnownLabels(codePoints, lengths, Plan.Alphabet);
        }

        var inputLengths = Model.CtcLoss.InputLengths(batch.Extras[LineDataset.WidthsKey]).to(output.device);
        return torch.nn.functional.ctc_loss(
                output,
                torch.tensor(labels, dtype: ScalarType.Int64).to(output.device),
                inputLengths,
                torch.tensor(lengths, dtype: ScalarType.Int64).to(output.device),
                blank: 0,
                zero_infinity: true)
            .MoveToOuterDisposeScope();
    }

    private void LoadBaseOutput(string? checkpoint, Alphabet baseAlphabet)
    {
        if (checkpoint is null)
        {
            throw new UserErrorException("The base model's alphabet is known but not its checkpoint path; fine-tune from a .ckpt file.");
        }

        var tensors = Checkpoint.ReadTensors(checkpoint);
        try
        {
            if (!tensors.TryGetValue("head.output.weight", out var weight) || !tensors.TryGetValue("head.output.bias", out var bias))
            {
                throw new DataFormatException(checkpoint, "the base checkpoint has no head.output.weight/bias: it is not an archaic-ocr recogniser");
            }

            if (weight.shape[0] != baseAlphabet.ClassCount || weight.shape[1] != crnn.OutputWeight.shape[1])
            {
                throw new UserErrorException(
                    $"{checkpoint}: the base output layer is [{weight.shape[0]}, {weight.shape[1]}] but this head needs [{baseAlphabet.ClassCount}, {crnn.OutputWeight.shape[1]}]; "
                    + "use the base model's hidden size (task.options.hidden) and its alphabet.");
            }

            crnn.ReplaceOutput(weight, bias);
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }
}
