using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Model;

/// <summary>CTC loss of a <see cref="Crnn"/>'s output against a batch's targets (blank = 0, mean over the batch of
/// the per-line loss divided by its target length, as PyTorch's default; impossible alignments count as zero).</summary>
internal static class CtcLoss
{
    /// <summary>Frames per line after the trunk, at least 1.</summary>
    public static Tensor InputLengths(Tensor widths) => torch.div(widths, 4, rounding_mode: RoundingMode.floor).clamp_min(1).to(ScalarType.Int64);

    /// <summary>The loss for log-probabilities [T, B, C] of <paramref name="batch"/>.</summary>
    public static Tensor Compute(Tensor logProbs, LineBatch batch)
    {
        using var scope = torch.NewDisposeScope();
        var inputLengths = InputLengths(batch.Widths);
        return torch.nn.functional.ctc_loss(logProbs, batch.Targets, inputLengths, batch.TargetLengths, blank: 0, zero_infinity: true)
            .MoveToOuterDisposeScope();
    }
}
