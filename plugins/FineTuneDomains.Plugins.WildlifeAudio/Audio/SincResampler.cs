namespace FineTuneDomains.Plugins.WildlifeAudio.Audio;

/// <summary>
/// Band-limited resampling between any two integer rates with a Kaiser-windowed sinc kernel
/// (Smith's bandlimited interpolation). The kernel is tabulated at <see cref="TableDensity"/> points per zero
/// crossing and linearly interpolated, so ratios such as 44100 to 16000 cost the same as 48000 to 16000.
/// </summary>
/// <remarks>
/// Defaults: 32 zero crossings per side, Kaiser beta 8.6 (about 86 dB stop-band), cut-off at 0.90 of the
/// lower of the two Nyquist frequencies. The transition band then ends below the new Nyquist, so content
/// above it is removed rather than aliased; the pass band is flat to about 0.82 of the new Nyquist.
/// Samples outside the input are taken as zero.
/// </remarks>
internal sealed class SincResampler
{
    /// <summary>Kernel table points per zero crossing.</summary>
    public const int TableDensity = 512;

    private readonly int _inRate;
    private readonly int _outRate;
    private readonly double _cutoff;     // cycles per input sample
    private readonly double _halfWidth;  // kernel half width in input samples
    private readonly double[] _table;

    public SincResampler(int inRate, int outRate, int zeroCrossings = 32, double rolloff = 0.90, double kaiserBeta = 8.6)
    {
        if (inRate <= 0 || outRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inRate), "sample rates must be positive");
        }

        _inRate = inRate;
        _outRate = outRate;
        _cutoff = 0.5 * Math.Min(1.0, (double)outRate / inRate) * rolloff;
        _halfWidth = zeroCrossings / (2 * _cutoff);
        _table = BuildTable(zeroCrossings, kaiserBeta);
    }

    /// <summary>Number of output samples for <paramref name="inputLength"/> input samples (rounded up).</summary>
    public long OutputLength(long inputLength) => (inputLength * _outRate + _inRate - 1) / _inRate;

    /// <summary>Resamples a whole signal.</summary>
    public float[] Process(ReadOnlySpan<float> input) =>
        _inRate == _outRate ? input.ToArray() : Process(input, 0, 0, (int)OutputLength(input.Length));

    /// <summary>
    /// Output samples <paramref name="outStart"/> .. +<paramref name="outCount"/> (absolute output indices) from an
    /// input excerpt whose first sample has absolute index <paramref name="inStart"/>. Lets callers resample a
    /// window of a long recording, with some margin read around it, on the same grid as the whole recording.
    /// </summary>
    public float[] Process(ReadOnlySpan<float> input, long inStart, long outStart, int outCount)
    {
        var output = new float[outCount];
        double scale = 2 * _cutoff;
        for (int j = 0; j < outCount; j++)
        {
            // Exact input-time position of this output sample, relative to the excerpt.
            long num = (outStart + j) * _inRate;
            double t = (double)(num / _outRate) + (double)(num % _outRate) / _outRate - inStart;
            int first = Math.Max(0, (int)Math.Ceiling(t - _halfWidth));
            int last = Math.Min(input.Length - 1, (int)Math.Floor(t + _halfWidth));
            double acc = 0;
            for (int k = first; k <= last; k++)
            {
                double u = Math.Abs(t - k) * scale * TableDensity;
                int i = (int)u;
                if (i >= _table.Length - 1)
                {
                    continue;
                }

                double frac = u - i;
                acc += input[k] * (_table[i] + frac * (_table[i + 1] - _table[i]));
            }

            output[j] = (float)(acc * scale);
        }

        return output;
    }

    private static double[] BuildTable(int zeroCrossings, double beta)
    {
        int n = zeroCrossings * TableDensity;
        var table = new double[n + 2];
        double i0Beta = BesselI0(beta);
        for (int i = 0; i <= n; i++)
        {
            double u = (double)i / TableDensity;
            double sinc = i == 0 ? 1.0 : Math.Sin(Math.PI * u) / (Math.PI * u);
            double r = u / zeroCrossings;
            double window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - r * r))) / i0Beta;
            table[i] = sinc * window;
        }

        return table; // last entry stays 0: the kernel ends there
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 64; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
            if (term < 1e-17 * sum)
            {
                break;
            }
        }

        return sum;
    }
}
