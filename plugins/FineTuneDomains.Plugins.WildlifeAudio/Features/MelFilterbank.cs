namespace FineTuneDomains.Plugins.WildlifeAudio.Features;

/// <summary>Triangular mel filters over FFT bins, computed as librosa.filters.mel does.</summary>
internal static class MelFilterbank
{
    /// <summary>Weights [n_mels, n_fft/2 + 1], row-major.</summary>
    public static double[,] Create(int sampleRate, int nFft, int nMels, double fMin, double fMax, MelScale scale, bool slaneyNorm)
    {
        int bins = nFft / 2 + 1;
        var fftFreqs = new double[bins];
        for (int k = 0; k < bins; k++)
        {
            fftFreqs[k] = (double)k * sampleRate / nFft;
        }

        double melMin = HzToMel(fMin, scale), melMax = HzToMel(fMax, scale);
        var melF = new double[nMels + 2];
        for (int i = 0; i < nMels + 2; i++)
        {
            melF[i] = MelToHz(melMin + (melMax - melMin) * i / (nMels + 1), scale);
        }

        var weights = new double[nMels, bins];
        for (int i = 0; i < nMels; i++)
        {
            double lowerWidth = melF[i + 1] - melF[i], upperWidth = melF[i + 2] - melF[i + 1];
            double norm = slaneyNorm ? 2.0 / (melF[i + 2] - melF[i]) : 1.0;
            for (int k = 0; k < bins; k++)
            {
                double lower = (fftFreqs[k] - melF[i]) / lowerWidth;
                double upper = (melF[i + 2] - fftFreqs[k]) / upperWidth;
                weights[i, k] = Math.Max(0, Math.Min(lower, upper)) * norm;
            }
        }

        return weights;
    }

    public static double HzToMel(double hz, MelScale scale)
    {
        if (scale == MelScale.Htk)
        {
            return 2595.0 * Math.Log10(1.0 + hz / 700.0);
        }

        const double fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp;
        double logStep = Math.Log(6.4) / 27.0;
        return hz >= minLogHz ? minLogMel + Math.Log(hz / minLogHz) / logStep : hz / fSp;
    }

    public static double MelToHz(double mel, MelScale scale)
    {
        if (scale == MelScale.Htk)
        {
            return 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
        }

        const double fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp;
        double logStep = Math.Log(6.4) / 27.0;
        return mel >= minLogMel ? minLogHz * Math.Exp(logStep * (mel - minLogMel)) : fSp * mel;
    }
}
