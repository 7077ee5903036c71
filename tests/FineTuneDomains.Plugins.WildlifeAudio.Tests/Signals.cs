namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

/// <summary>Small signal helpers for assertions.</summary>
internal static class Signals
{
    /// <summary>Amplitude of the component at <paramref name="frequency"/> (single-bin DFT with a Hann window).</summary>
    public static double ToneAmplitude(ReadOnlySpan<float> x, int sampleRate, double frequency)
    {
        double re = 0, im = 0, wsum = 0;
        for (int n = 0; n < x.Length; n++)
        {
            double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / (x.Length - 1));
            double phase = 2 * Math.PI * frequency * n / sampleRate;
            re += w * x[n] * Math.Cos(phase);
            im -= w * x[n] * Math.Sin(phase);
            wsum += w;
        }

        return 2 * Math.Sqrt(re * re + im * im) / wsum;
    }

    public static float[] Sine(int length, int sampleRate, double frequency, double amplitude, double phase = 0)
    {
        var x = new float[length];
        for (int n = 0; n < length; n++)
        {
            x[n] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * n / sampleRate + phase));
        }

        return x;
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x)
        {
            s += (double)v * v;
        }

        return Math.Sqrt(s / Math.Max(1, x.Length));
    }
}
