using static TorchSharp.torch;

namespace FineTuneDomains.Core.Models;

/// <summary>
/// Weights imported from a foreign format: a state dict with our key names, the batch-norm epsilon the source
/// used, and the per-channel mean (RGB order, 0–255 scale) its preprocessing subtracts.
/// </summary>
internal sealed record ImportedWeights(Dictionary<string, Tensor> State, double BatchNormEpsilon, float[] MeanRgb255) : IDisposable
{
    public void Dispose()
    {
        foreach (var tensor in State.Values) tensor.Dispose();
    }
}
