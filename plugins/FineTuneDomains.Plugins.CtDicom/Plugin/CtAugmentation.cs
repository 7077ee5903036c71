using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.CtDicom.Plugin;

/// <summary>
/// Base of the CT augmentations: each works on one item's HU stack [S, H, W] (before windowing), the same
/// transform for every slice of the stack, drawn from the seeded generator the core passes in.
/// </summary>
internal abstract class CtAugmentation(double probability) : Augmentation
{
    public override Example ApplyExample(Example example, Random random)
    {
        if (random.NextDouble() >= probability) return example;
        var shape = example.Input.shape;
        int s = (int)shape[0], h = (int)shape[1], w = (int)shape[2];
        var data = example.Input.data<float>().ToArray();
        var result = Transform(data, s, h, w, random);
        example.Input.Dispose();
        example.Input = tensor(result, [s, h, w]);
        return example;
    }

    /// <summary>Returns the transformed stack (may reuse <paramref name="data"/>).</summary>
    protected abstract float[] Transform(float[] data, int slices, int h, int w, Random random);

    /// <summary>Resamples every slice through a map from output (y, x) to input (y, x); outside is air.</summary>
    protected static float[] Warp(float[] data, int slices, int h, int w, Func<double, double, (double Y, double X)> map)
    {
        var r = new float[data.Length];
        var slice = new float[h * w];
        for (int k = 0; k < slices; k++)
        {
            Array.Copy(data, k * h * w, slice, 0, h * w);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    var (sy, sx) = map(y, x);
                    r[k * h * w + y * w + x] = CtSliceReader.Bilinear(slice, h, w, sy, sx, CtSliceReader.Air);
                }
        }
        return r;
    }

    protected static double Uniform(Random r, double lo, double hi) => lo + r.NextDouble() * (hi - lo);
}

/// <summary>Left-right and/or up-down flips.</summary>
internal sealed class FlipAugmentation(double horizontal, double vertical) : CtAugmentation(1)
{
    public override string Name => "flip";

    protected override float[] Transform(float[] data, int slices, int h, int w, Random random)
    {
        bool fh = random.NextDouble() < horizontal, fv = random.NextDouble() < vertical;
        if (!fh && !fv) return data;
        return Warp(data, slices, h, w, (y, x) => (fv ? h - 1 - y : y, fh ? w - 1 - x : x));
    }
}

/// <summary>A small in-plane rotation about the centre, by up to ± max degrees.</summary>
internal sealed class RotateAugmentation(double maxDegrees, double probability) : CtAugmentation(probability)
{
    public override string Name => "rotate";

    protected override float[] Transform(float[] data, int slices, int h, int w, Random random)
    {
        double a = Uniform(random, -maxDegrees, maxDegrees) * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        return Warp(data, slices, h, w, (y, x) => (cy + (y - cy) * c - (x - cx) * s, cx + (y - cy) * s + (x - cx) * c));
    }
}

/// <summary>A random square crop of scale min..max of the side, resized back to the full size.</summary>
internal sealed class CropResizeAugmentation(double minScale, double maxScale, double probability) : CtAugmentation(probability)
{
    public override string Name => "random_crop_resize";

    protected override float[] Transform(float[] data, int slices, int h, int w, Random random)
    {
        double scale = Uniform(random, minScale, maxScale);
        double ch = h * scale, cw = w * scale;
        double oy = Uniform(random, 0, h - ch), ox = Uniform(random, 0, w - cw);
        return Warp(data, slices, h, w, (y, x) => (oy + (y + 0.5) * scale - 0.5, ox + (x + 0.5) * scale - 0.5));
    }
}

/// <summary>HU intensity change: x·(1 + u·scale) + v·shift with u, v uniform in ±1 (scanner calibration drift).</summary>
internal sealed class HuShiftScaleAugmentation(double shift, double scale, double probability) : CtAugmentation(probability)
{
    public override string Name => "hu_shift_scale";

    protected override float[] Transform(float[] data, int slices, int h, int w, Random random)
    {
        float a = (float)(1 + Uniform(random, -scale, scale)), b = (float)Uniform(random, -shift, shift);
        for (int i = 0; i < data.Length; i++) data[i] = data[i] * a + b;
        return data;
    }
}

/// <summary>Additive Gaussian noise with a standard deviation drawn up to sigma HU.</summary>
internal sealed class GaussianNoiseAugmentation(double sigma, double probability) : CtAugmentation(probability)
{
    public override string Name => "gaussian_noise";

    protected override float[] Transform(float[] data, int slices, int h, int w, Random random)
    {
        double sd = random.NextDouble() * sigma;
        for (int i = 0; i < data.Length; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            data[i] += (float)(sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return data;
    }
}

/// <summary>
/// Window jitter: every window's centre moves by up to ± center HU and its width scales by up to ± width
/// (a fraction), as the equivalent inverse map on HU about the pivot: x' = pivot + (x − pivot − Δc) / (1 + Δw).
/// </summary>
internal sealed class WindowJitterAugmentation(double center, double width, double pivot, double probability) : CtAugmentation(probability)
{
    public override string Name => "window_jitter";

    protected override float[] Transform(float[] data, int slices, int h, int w, Random random)
    {
        double dc = Uniform(random, -center, center), dw = Uniform(random, -width, width);
        float p = (float)pivot, inv = (float)(1 / (1 + dw)), shift = (float)dc;
        for (int i = 0; i < data.Length; i++) data[i] = p + (data[i] - p - shift) * inv;
        return data;
    }
}
