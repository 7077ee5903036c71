namespace FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

/// <summary>
/// Per-clip waveform augmentations. Each returns a new array of the input's length and draws only from the
/// <see cref="Random"/> it is given, so a seeded generator reproduces it exactly.
/// </summary>
internal static class WaveformTransforms
{
    /// <summary>Circular shift by a uniform offset of up to <paramref name="maxFraction"/> of the length, either way.</summary>
    public static float[] TimeShift(ReadOnlySpan<float> x, double maxFraction, Random random)
    {
        int max = (int)Math.Floor(maxFraction * x.Length);
        int shift = random.Next(-max, max + 1);
        return Roll(x, shift);
    }

    /// <summary>y[(i + shift) mod n] = x[i].</summary>
    public static float[] Roll(ReadOnlySpan<float> x, int shift)
    {
        int n = x.Length;
        var y = new float[n];
        if (n == 0)
        {
            return y;
        }

        int s = ((shift % n) + n) % n;
        x[..(n - s)].CopyTo(y.AsSpan(s));
        x[(n - s)..].CopyTo(y);
        return y;
    }

    /// <summary>Multiplies by a gain drawn uniformly in decibels from [<paramref name="minDb"/>, <paramref name="maxDb"/>].</summary>
    public static float[] RandomGain(ReadOnlySpan<float> x, double minDb, double maxDb, Random random, out double gainDb)
    {
        gainDb = random.Uniform(minDb, maxDb);
        float g = (float)Math.Pow(10, gainDb / 20);
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * g;
        }

        return y;
    }

    /// <summary>
    /// Adds <paramref name="noise"/> scaled so that the signal-to-noise ratio is <paramref name="snrDb"/>
    /// (mean powers over the clip). A silent clip is returned unchanged: it has no level to refer to.
    /// The noise is looped if shorter than the clip.
    /// </summary>
    public static float[] MixAtSnr(ReadOnlySpan<float> x, ReadOnlySpan<float> noise, double snrDb)
    {
        var y = x.ToArray();
        double ps = MeanPower(x);
        double pn = MeanPower(noise);
        if (ps <= 0 || pn <= 0 || noise.Length == 0)
        {
            return y;
        }

        double scale = Math.Sqrt(ps / (pn * Math.Pow(10, snrDb / 10)));
        for (int i = 0; i < y.Length; i++)
        {
            y[i] += (float)(scale * noise[i % noise.Length]);
        }

        return y;
    }

    /// <summary>
    /// Time stretch keeping pitch (WSOLA: windowed overlap-add with each frame shifted within
    /// ±<paramref name="tolerance"/> samples to the best-correlating position). <paramref name="factor"/> &gt; 1 is
    /// slower (longer). The result has length round(len × factor).
    /// </summary>
    public static float[] Stretch(ReadOnlySpan<float> x, double factor, int frame = 512, int tolerance = 128)
    {
        int outLength = (int)Math.Round(x.Length * factor);
        var y = new double[outLength + frame];
        var weight = new double[outLength + frame];
        int hop = frame / 2;
        var window = new double[frame];
        for (int i = 0; i < frame; i++)
        {
            window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / frame);
        }

        int previousInput = 0;
        for (int outPos = 0; outPos < outLength; outPos += hop)
        {
            int nominal = (int)Math.Round(outPos / factor);
            int best = nominal;
            if (outPos > 0)
            {
                // The natural continuation of the previous frame is previousInput + hop; pick the candidate
                // around the nominal position whose start correlates best with it.
                int target = previousInput + hop;
                double bestScore = double.NegativeInfinity;
                for (int c = Math.Max(0, nominal - tolerance); c <= nominal + tolerance; c += 4)
                {
                    double score = 0;
                    for (int i = 0; i < hop; i += 2)
                    {
                        score += Sample(x, c + i) * Sample(x, target + i);
                    }

                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = c;
                    }
                }
            }

            for (int i = 0; i < frame && outPos + i < y.Length; i++)
            {
                y[outPos + i] += window[i] * Sample(x, best + i);
                weight[outPos + i] += window[i];
            }

            previousInput = best;
        }

        var result = new float[outLength];
        for (int i = 0; i < outLength; i++)
        {
            result[i] = weight[i] > 1e-3 ? (float)(y[i] / weight[i]) : 0f;
        }

        return result;
    }

    /// <summary>Stretch by a factor drawn from [1 - maxChange, 1 + maxChange], then crop or zero-pad to the input length.</summary>
    public static float[] RandomStretch(ReadOnlySpan<float> x, double maxChange, Random random, out double factor)
    {
        factor = random.Uniform(1 - maxChange, 1 + maxChange);
        var stretched = Stretch(x, factor);
        var y = new float[x.Length];
        stretched.AsSpan(0, Math.Min(stretched.Length, y.Length)).CopyTo(y);
        return y;
    }

    public static double MeanPower(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x)
        {
            s += (double)v * v;
        }

        return x.Length > 0 ? s / x.Length : 0;
    }

    private static double Sample(ReadOnlySpan<float> x, int i) => i >= 0 && i < x.Length ? x[i] : 0.0;
}
