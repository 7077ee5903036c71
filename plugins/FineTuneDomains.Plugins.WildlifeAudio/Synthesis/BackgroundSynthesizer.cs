using FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>
/// Forest-like backgrounds of unit RMS: a pink-noise floor plus, each with some probability, gusty wind,
/// rain drops, an insect chorus and quiet distant whistles of species that are not labelled.
/// </summary>
internal static class BackgroundSynthesizer
{
    public static float[] Render(int length, int sampleRate, Random random)
    {
        var mix = new double[length];
        Add(mix, ColouredNoise.Generate(length, NoiseColour.Pink, random), 0.3);

        if (random.NextDouble() < 0.7)
        {
            Add(mix, Wind(length, sampleRate, random), random.Uniform(0.5, 1.5));
        }

        if (random.NextDouble() < 0.4)
        {
            Add(mix, Rain(length, sampleRate, random), random.Uniform(0.3, 1.0));
        }

        if (random.NextDouble() < 0.5)
        {
            Add(mix, Insects(length, sampleRate, random), random.Uniform(0.2, 0.8));
        }

        if (random.NextDouble() < 0.6)
        {
            Add(mix, DistantCalls(length, sampleRate, random), random.Uniform(0.3, 0.8));
        }

        double rms = Math.Sqrt(mix.Sum(v => v * v) / Math.Max(1, length));
        return mix.Select(v => (float)(rms > 0 ? v / rms : 0)).ToArray();
    }

    private static void Add(double[] mix, float[] part, double gain)
    {
        for (int i = 0; i < mix.Length; i++)
        {
            mix[i] += gain * part[i];
        }
    }

    /// <summary>Brown noise under a slow gust envelope.</summary>
    private static float[] Wind(int length, int sampleRate, Random random)
    {
        var noise = ColouredNoise.Generate(length, NoiseColour.Brown, random);
        double envelope = 0.5, target = 0.5;
        double step = 1.0 / (sampleRate * 0.5);
        for (int i = 0; i < length; i++)
        {
            if (i % (sampleRate / 2) == 0)
            {
                target = 0.2 + random.NextDouble(); // a new gust level every half second
            }

            envelope += (target - envelope) * step;
            noise[i] *= (float)envelope;
        }

        return noise;
    }

    /// <summary>Drops: short decaying noise bursts at Poisson times, high-passed by a first difference.</summary>
    private static float[] Rain(int length, int sampleRate, Random random)
    {
        var x = new float[length];
        double ratePerSample = random.Uniform(40, 200) / sampleRate;
        for (int i = 0; i < length; i++)
        {
            if (random.NextDouble() >= ratePerSample)
            {
                continue;
            }

            double amplitude = Math.Pow(random.NextDouble(), 2);
            int dropLength = (int)(sampleRate * random.Uniform(0.002, 0.006));
            double previous = 0;
            for (int k = 0; k < dropLength && i + k < length; k++)
            {
                double v = amplitude * Math.Exp(-5.0 * k / dropLength) * random.Normal();
                x[i + k] += (float)(v - previous);
                previous = v;
            }
        }

        return x;
    }

    /// <summary>A cricket-like chorus: a high carrier pulsed at tens of hertz.</summary>
    private static float[] Insects(int length, int sampleRate, Random random)
    {
        var x = new float[length];
        double carrier = Math.Min(random.Uniform(6000, 7500), sampleRate * 0.45);
        double pulse = random.Uniform(30, 60);
        double wobble = random.Uniform(0.1, 0.4);
        for (int i = 0; i < length; i++)
        {
            double t = (double)i / sampleRate;
            double am = Math.Pow(Math.Abs(Math.Sin(Math.PI * pulse * t)), 4) * (0.7 + 0.3 * Math.Sin(2 * Math.PI * wobble * t));
            x[i] = (float)(am * Math.Sin(2 * Math.PI * carrier * t));
        }

        return x;
    }

    /// <summary>Quiet, soft-edged whistles at 1.0-1.8 kHz (unlabelled species far away).</summary>
    private static float[] DistantCalls(int length, int sampleRate, Random random)
    {
        var x = new float[length];
        int calls = 1 + random.Next((int)Math.Max(1, (double)length / sampleRate / 3));
        for (int c = 0; c < calls; c++)
        {
            double f = random.Uniform(1000, 1800), glide = random.Uniform(-200, 200);
            int count = (int)(sampleRate * random.Uniform(0.3, 0.8));
            int start = random.Next(Math.Max(1, length - count));
            double phase = 0;
            for (int i = 0; i < count && start + i < length; i++)
            {
                double frac = (double)i / count;
                phase += 2 * Math.PI * (f + glide * frac) / sampleRate;
                x[start + i] += (float)(Math.Sin(Math.PI * frac) * Math.Sin(phase));
            }
        }

        return x;
    }
}
