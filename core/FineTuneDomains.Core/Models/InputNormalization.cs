using static TorchSharp.torch;

namespace FineTuneDomains.Core.Models;

/// <summary>
/// The input normalisation a backbone's weights expect: for images with values in [0, 1] and channels in the
/// data's own order (RGB for colour images), <c>(x - Mean[c]) / Std[c]</c> per channel.
/// </summary>
/// <param name="Mean">Per-channel mean on the [0, 1] scale.</param>
/// <param name="Std">Per-channel divisor on the [0, 1] scale.</param>
/// <param name="Description">Where these statistics come from.</param>
public sealed record InputNormalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std, string Description)
{
    /// <summary>torchvision's ImageNet statistics (RGB), used by most PyTorch ImageNet weights.</summary>
    public static InputNormalization ImageNet { get; } =
        new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], "ImageNet statistics (torchvision)");

    /// <summary>Centres [0, 1] inputs on 0 with unit range: for networks trained from scratch.</summary>
    public static InputNormalization Centered { get; } = new([0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f], "centred (x - 0.5) / 0.5");

    /// <summary>
    /// The ImageNet ResNet-18 from the ONNX package: the model subtracts a mean image on a 0–255 scale and divides
    /// by nothing, i.e. <c>255 x - mean</c>, which is Mean = mean/255, Std = 1/255 here. <paramref name="meanRgb255"/>
    /// is the per-channel mean of that image in RGB order (the import reorders the stem from BGR to RGB).
    /// </summary>
    internal static InputNormalization FromMean255(IReadOnlyList<float> meanRgb255, string description) =>
        new(meanRgb255.Select(m => m / 255f).ToArray(), meanRgb255.Select(_ => 1f / 255f).ToArray(), description);

    /// <summary>Number of channels the statistics are for.</summary>
    public int Channels => Mean.Count;

    /// <summary>
    /// The statistics for an input of <paramref name="channels"/> channels: unchanged for the same count; for a
    /// 1-channel input the means of mean and std (a grey image normalised once, then repeated or summed over).
    /// </summary>
    public InputNormalization ForChannels(int channels)
    {
        if (channels == Channels) return this;
        if (channels == 1) return new([Mean.Average()], [Std.Average()], Description + ", averaged over channels");
        throw new UserErrorException($"The input normalisation ({Description}) is for {Channels} channels; the input has {channels}.");
    }

    /// <summary>Normalises a batch [N, C, H, W] or an image [C, H, W] with values in [0, 1].</summary>
    public Tensor Apply(Tensor input)
    {
        int channelAxis = input.dim() switch { 4 => 1, 3 => 0, _ => throw new ArgumentException($"Expected [N, C, H, W] or [C, H, W]; got [{string.Join(", ", input.shape)}].", nameof(input)) };
        if (input.shape[channelAxis] != Channels)
            throw new UserErrorException($"The input normalisation ({Description}) is for {Channels} channels; the input has {input.shape[channelAxis]}.");
        long[] shape = channelAxis == 1 ? [1, Channels, 1, 1] : [Channels, 1, 1];
        using var mean = tensor(Mean.ToArray(), shape, input.dtype, input.device);
        using var std = tensor(Std.ToArray(), shape, input.dtype, input.device);
        return input.sub(mean).div_(std);
    }
}
