namespace FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

/// <summary>Distributions drawn from a seeded <see cref="Random"/> (System.Random has only uniforms).</summary>
internal static class RandomSampling
{
    /// <summary>Standard normal (Box-Muller).</summary>
    public static double Normal(this Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // (0, 1]
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Uniform in [min, max].</summary>
    public static double Uniform(this Random random, double min, double max) => min + (max - min) * random.NextDouble();

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (shape &lt; 1 via the boost u^(1/shape)).</summary>
    public static double Gamma(this Random random, double shape)
    {
        if (shape < 1)
        {
            return random.Gamma(shape + 1) * Math.Pow(1.0 - random.NextDouble(), 1.0 / shape);
        }

        double d = shape - 1.0 / 3, c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = random.Normal();
                v = 1 + c * x;
            }
            while (v <= 0);

            v = v * v * v;
            double u = 1.0 - random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
            {
                return d * v;
            }
        }
    }

    /// <summary>Beta(a, b) from two gamma draws.</summary>
    public static double Beta(this Random random, double a, double b)
    {
        double x = random.Gamma(a), y = random.Gamma(b);
        return x / (x + y);
    }
}
