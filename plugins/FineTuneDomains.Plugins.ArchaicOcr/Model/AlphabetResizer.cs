using FineTuneDomains.Core;
using FineTuneDomains.Plugins.ArchaicOcr.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Model;

/// <summary>
/// Changes a base recogniser's alphabet for fine-tuning. Output rows (weight and bias) of characters the base knew are
/// copied bit-identically (and the blank's); rows of new characters start as a copy of a related known character's
/// row (<see cref="RelatedCharacters"/>), else as the mean of the known symbol rows — never at random (calamari #319).
/// </summary>
internal static class AlphabetResizer
{
    /// <summary>Resizes <paramref name="model"/>'s output layer in place and returns the resulting alphabet and a record of
    /// the change. Ground truth is read in the base alphabet's normalisation, which the new alphabet keeps.</summary>
    public static (Alphabet Alphabet, AlphabetChange Change) Resize(
        Crnn model, Alphabet baseAlphabet, IEnumerable<(string Source, string Text)> groundTruth, AlphabetResizeMode mode)
    {
        if (model.ClassCount != baseAlphabet.ClassCount)
        {
            throw new UserErrorException(
                $"The base model has {model.ClassCount} output classes but its alphabet has {baseAlphabet.ClassCount} (blank + {baseAlphabet.Symbols.Count}); the checkpoint and alphabet do not belong together.");
        }

        var lines = groundTruth.ToList();
        var truthAlphabet = Alphabet.FromTexts(lines.Select(l => l.Text), baseAlphabet.Normalization);
        switch (mode)
        {
            case AlphabetResizeMode.Keep:
                AlphabetCoverage.EnsureCovered(baseAlphabet, lines);
                return (baseAlphabet, new AlphabetChange(mode, baseAlphabet.Symbols.ToList(), Array.Empty<AddedSymbol>(), Array.Empty<string>()));
            case AlphabetResizeMode.Union:
                var union = new Alphabet(baseAlphabet.Symbols.Concat(truthAlphabet.Symbols.Where(s => !baseAlphabet.Contains(s))), baseAlphabet.Normalization);
                return (union, Apply(model, baseAlphabet, union, mode));
            case AlphabetResizeMode.New:
                return (truthAlphabet, Apply(model, baseAlphabet, truthAlphabet, mode));
            default:
                throw new ArgumentOutOfRangeException(nameof(mode));
        }
    }

    /// <summary>Rebuilds the output rows for <paramref name="target"/> from <paramref name="source"/>'s.</summary>
    public static AlphabetChange Apply(Crnn model, Alphabet source, Alphabet target, AlphabetResizeMode mode)
    {
        var kept = new List<string>();
        var added = new List<AddedSymbol>();
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
        {
            var oldWeight = model.OutputWeight.detach();
            var oldBias = model.OutputBias.detach();
            var weight = torch.empty(target.ClassCount, oldWeight.shape[1], dtype: oldWeight.dtype, device: oldWeight.device);
            var bias = torch.empty(target.ClassCount, dtype: oldBias.dtype, device: oldBias.device);
            var meanWeight = oldWeight[1..].mean(new long[] { 0 });
            var meanBias = oldBias[1..].mean(new long[] { 0 });
            weight[0].copy_(oldWeight[0]);
            bias[0].copy_(oldBias[0]);
            for (var i = 0; i < target.Symbols.Count; i++)
            {
                var symbol = target.Symbols[i];
                var from = source.ClassOf(symbol);
                string? relative = null;
                if (from > 0)
                {
                    kept.Add(symbol);
                }
                else
                {
                    relative = RelatedCharacters.Find(symbol, source.Contains);
                    from = relative is null ? -1 : source.ClassOf(relative);
                    added.Add(new AddedSymbol(symbol, relative));
                }

                if (from > 0)
                {
                    weight[i + 1].copy_(oldWeight[from]);
                    bias[i + 1].copy_(oldBias[from]);
                }
                else
                {
                    weight[i + 1].copy_(meanWeight);
                    bias[i + 1].copy_(meanBias);
                }
            }

            model.ReplaceOutput(weight, bias);
        }

        var dropped = source.Symbols.Where(s => !target.Contains(s)).ToList();
        return new AlphabetChange(mode, kept, added, dropped);
    }
}
