using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>
/// <c>degrade</c>: per line, with some probability thickens (ink bleed) or thins (worn type) the strokes by one pixel,
/// scales the ink's contrast, and adds Gaussian noise. Works on the prepared line (ink = 1, paper = 0).
/// </summary>
internal sealed class DegradeAugmentation : Augmentation
{
    private readonly double inkProbability;
    private readonly double noise;
    private readonly double contrast;

    public DegradeAugmentation(double inkProbability, double noise, double contrast)
    {
        this.inkProbability = inkProbability;
        this.noise = noise;
        this.contrast = contrast;
    }

    public override string Name => "degrade";

    public override Example ApplyExample(Example example, Random random)
    {
        // Draw every random number first, in a fixed order, so the result depends only on the seed.
        var ink = random.NextDouble() < inkProbability ? (random.NextDouble() < 0.5 ? 1 : -1) : 0;
        var scale = 1 - (random.NextDouble() * contrast);
        var noiseSeed = random.Next();
        using var scope = torch.NewDisposeScope();
        var x = example.Input.unsqueeze(0);
        if (ink > 0)
        {
            x = torch.nn.functional.max_pool2d(x, kernel_size: 3, stride: 1, padding: 1);
        }
        else if (ink < 0)
        {
            x = -torch.nn.functional.max_pool2d(-x, kernel_size: 3, stride: 1, padding: 1);
        }

        x = x * scale;
        if (noise > 0)
        {
            var generator = new torch.Generator((ulong)noiseSeed);
            x = x + (torch.randn(x.shape, generator: generator) * noise);
        }

        var result = x.squeeze(0).clamp(0, 1).MoveToOuterDisposeScope();
        example.Input.Dispose();
        example.Input = result;
        return example;
    }
}
