using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>
/// <c>stretch</c>: scales a line horizontally by a random factor (condensed and expanded type, narrower or wider
/// letter spacing), keeping its height. Runs per line before batching.
/// </summary>
internal sealed class StretchAugmentation : Augmentation
{
    private readonly double min;
    private readonly double max;

    public StretchAugmentation(double min, double max)
    {
        this.min = min;
        this.max = max;
    }

    public override string Name => "stretch";

    public override Example ApplyExample(Example example, Random random)
    {
        var factor = min + (random.NextDouble() * (max - min));
        var height = example.Input.shape[1];
        var width = Math.Max(LinePreprocessing.MinWidth, (long)Math.Round(example.Input.shape[2] * factor));
        if (width == example.Input.shape[2])
        {
            return example;
        }

        using (var scope = torch.NewDisposeScope())
        {
            var resized = torch.nn.functional.interpolate(example.Input.unsqueeze(0), new long[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: false)
                .squeeze(0)
                .clamp(0, 1)
                .MoveToOuterDisposeScope();
            example.Input.Dispose();
            example.Input = resized;
        }

        return example;
    }
}
