using TorchSharp;

namespace FineTuneDomains.Core.Tracking;

/// <summary>TensorBoard event files (TorchSharp's SummaryWriter) under a run's <c>tb/</c> folder.</summary>
public sealed class TensorBoardLog : IDisposable
{
    private readonly TorchSharp.Modules.SummaryWriter writer;

    public TensorBoardLog(string directory)
    {
        Directory.CreateDirectory(directory);
        writer = torch.utils.tensorboard.SummaryWriter(directory);
    }

    /// <summary>Writes scalars (names like <c>val/accuracy</c> become TensorBoard tags).</summary>
    public void Scalars(IEnumerable<KeyValuePair<string, double>> values, long step)
    {
        foreach (var (k, v) in values)
            if (double.IsFinite(v)) writer.add_scalar(k, (float)v, checked((int)step));
    }

    public void Dispose() { }
}
