namespace FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

/// <summary>White, pink and brown noise of unit RMS from a seeded generator.</summary>
internal static class ColouredNoise
{
    public static float[] Generate(int length, NoiseColour colour, Random random)
    {
        var x = new double[length];
        switch (colour)
        {
            case NoiseColour.White:
                for (int i = 0; i < length; i++)
                {
                    x[i] = random.Normal();
                }

                break;
            case NoiseColour.Pink:
                // Paul Kellet's refined filter: a sum of first-order low-passes approximating -3 dB/octave
                // within 0.05 dB above 9 Hz at 44.1 kHz (rate-independent in octaves below Nyquist).
                double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
                for (int i = 0; i < length; i++)
                {
                    double w = random.Normal();
                    b0 = 0.99886 * b0 + w * 0.0555179;
                    b1 = 0.99332 * b1 + w * 0.0750759;
                    b2 = 0.96900 * b2 + w * 0.1538520;
                    b3 = 0.86650 * b3 + w * 0.3104856;
                    b4 = 0.55000 * b4 + w * 0.5329522;
                    b5 = -0.7616 * b5 - w * 0.0168980;
                    x[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
                    b6 = w * 0.115926;
                }

                break;
            case NoiseColour.Brown:
                // Leaky integration of white noise: -6 dB/octave above a corner of a few hertz.
                double y = 0;
                for (int i = 0; i < length; i++)
                {
                    y = 0.998 * y + random.Normal();
                    x[i] = y;
                }

                break;
        }

        double mean = x.Length > 0 ? x.Average() : 0;
        double rms = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, x.Length));
        var result = new float[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = rms > 0 ? (float)((x[i] - mean) / rms) : 0f;
        }

        return result;
    }
}
