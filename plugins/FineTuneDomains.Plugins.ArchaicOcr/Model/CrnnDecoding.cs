using FineTuneDomains.Plugins.ArchaicOcr.Ctc;
using FineTuneDomains.Plugins.ArchaicOcr.Text;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Model;

/// <summary>Turns a <see cref="Crnn"/>'s log-probabilities for a batch into text.</summary>
internal static class CrnnDecoding
{
    /// <summary>Decodes each line of log-probabilities [T, B, C] over its own frames (from the input widths).</summary>
    /// <param name="logProbs">Network output.</param>
    /// <param name="widths">Input widths [B] before padding.</param>
    /// <param name="alphabet">The model's alphabet.</param>
    /// <param name="beamWidth">1 for greedy decoding, more for prefix beam search.</param>
    public static IReadOnlyList<string> Decode(Tensor logProbs, Tensor widths, Alphabet alphabet, int beamWidth = 1)
    {
        var steps = (int)logProbs.shape[0];
        var batch = (int)logProbs.shape[1];
        var classes = (int)logProbs.shape[2];
        var values = logProbs.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
        var lengths = widths.cpu().to(ScalarType.Int64).data<long>().ToArray();
        var results = new List<string>(batch);
        for (var b = 0; b < batch; b++)
        {
            var frames = (int)Math.Clamp(Crnn.OutputLength(lengths[b]), 1, steps);
            var sequence = new float[frames][];
            for (var t = 0; t < frames; t++)
            {
                sequence[t] = new float[classes];
                Array.Copy(values, ((t * batch) + b) * classes, sequence[t], 0, classes);
            }

            var labels = beamWidth <= 1 ? CtcDecoder.Greedy(sequence) : CtcDecoder.BeamSearch(sequence, beamWidth).Labels;
            results.Add(alphabet.Decode(labels));
        }

        return results;
    }
}
