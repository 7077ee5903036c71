using FineTuneDomains.Core;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.ArchaicOcr.Model;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>
/// Decides a model's alphabet from its task context, the same way for the head and the evaluator: a restored model
/// keeps the alphabet it stored; a fine-tuned one resizes its base's alphabet (keep/union/new) with the training
/// data's characters; a new one uses the training data's characters (the manifest's classes).
/// </summary>
internal sealed record OcrAlphabetPlan(Alphabet Alphabet, Alphabet? BaseAlphabet, AlphabetResizeMode Mode)
{
    /// <summary>Resolves the plan; a base model trained under another normalisation is a settings error.</summary>
    public static OcrAlphabetPlan Resolve(TaskContext context)
    {
        var normalization = OcrOptions.Normalization(context.Task.Options);
        var mode = OcrOptions.ResizeMode(context.Task.Options);
        if (context.Metadata.TryGetValue(OcrMetadata.Alphabet, out var own))
        {
            return new OcrAlphabetPlan(Alphabet.FromJson(own, "checkpoint head metadata"), null, AlphabetResizeMode.Keep);
        }

        var dataAlphabet = Alphabet.FromTexts(context.Classes, normalization);
        if (!context.Metadata.TryGetValue(OcrMetadata.BasePrefix + OcrMetadata.Alphabet, out var baseJson))
        {
            if (dataAlphabet.Symbols.Count == 0)
            {
                throw new UserErrorException("The training manifest lists no characters (its \"classes\"); build it with `ftd archaic-ocr manifest` or `synth`.");
            }

            return new OcrAlphabetPlan(dataAlphabet, null, mode);
        }

        var baseAlphabet = Alphabet.FromJson(baseJson, context.Metadata.GetValueOrDefault(OcrMetadata.BaseCheckpoint, "base checkpoint"));
        if (baseAlphabet.Normalization != normalization)
        {
            throw new UserErrorException(
                $"The base recogniser was trained under {TextNormalizer.Name(baseAlphabet.Normalization)} but the task asks for {TextNormalizer.Name(normalization)}; "
                + $"set task.options.normalization: {TextNormalizer.Name(baseAlphabet.Normalization)} (ground truth and predictions must be normalised as the model's alphabet is).");
        }

        var symbols = dataAlphabet.Symbols.Select(s => ("manifest classes", s));
        var alphabet = mode switch
        {
            AlphabetResizeMode.Keep => Keep(baseAlphabet, symbols),
            AlphabetResizeMode.New => dataAlphabet,
            _ => new Alphabet(baseAlphabet.Symbols.Concat(dataAlphabet.Symbols.Where(s => !baseAlphabet.Contains(s))), normalization),
        };
        return new OcrAlphabetPlan(alphabet, baseAlphabet, mode);
    }

    private static Alphabet Keep(Alphabet baseAlphabet, IEnumerable<(string, string)> symbols)
    {
        AlphabetCoverage.EnsureCovered(baseAlphabet, symbols);
        return baseAlphabet;
    }
}
