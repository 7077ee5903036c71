using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Imaging;

/// <summary>
/// A padded batch of line images with what CTC needs: images [B, 1, H, Wmax] (padding 0 = paper), the true widths
/// [B], a padding mask [B, Wmax] (true on real columns), concatenated targets and their lengths [B] (int64).
/// </summary>
internal sealed class LineBatch : IDisposable
{
    public LineBatch(Tensor images, Tensor widths, Tensor mask, Tensor targets, Tensor targetLengths)
    {
        Images = images;
        Widths = widths;
        Mask = mask;
        Targets = targets;
        TargetLengths = targetLengths;
    }

    public Tensor Images { get; }

    public Tensor Widths { get; }

    public Tensor Mask { get; }

    public Tensor Targets { get; }

    public Tensor TargetLengths { get; }

    public void Dispose()
    {
        Images.Dispose();
        Widths.Dispose();
        Mask.Dispose();
        Targets.Dispose();
        TargetLengths.Dispose();
    }
}
