using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Features;

/// <summary>
/// Log-mel (or PCEN) spectrograms of whole batches with torch.stft: waveforms [B, T] in, features
/// [B, 1, n_mels, frames] out, shaped as 1-channel images for an image backbone. Holds the window and the
/// filterbank as tensors; dispose it when done.
/// </summary>
internal sealed class LogMelSpectrogram : IDisposable
{
    private readonly Tensor _window;
    private readonly Tensor _filterbank;

    /// <param name="options">Spectrogram settings (validated here).</param>
    /// <param name="dtype">Computation precision: float32 for training, float64 for reference checks.
    /// The result has this type.</param>
    public LogMelSpectrogram(LogMelOptions options, ScalarType dtype = ScalarType.Float32)
    {
        options.Validate();
        Options = options;
        DType = dtype;
        var hann = hann_window(options.Window, periodic: true, dtype: dtype);
        if (options.Window < options.NFft)
        {
            // torch.stft centres a shorter window in the frame; doing it here keeps the layout explicit.
            int left = (options.NFft - options.Window) / 2;
            using var w = hann;
            hann = nn.functional.pad(w, [left, options.NFft - options.Window - left]);
        }

        _window = hann.DetachFromDisposeScope();
        var fb = MelFilterbank.Create(options.SampleRate, options.NFft, options.NMels, options.FMin, options.UpperFrequency, options.Scale, options.SlaneyNorm);
        var flat = new double[fb.Length];
        Buffer.BlockCopy(fb, 0, flat, 0, fb.Length * sizeof(double));
        using var fb64 = tensor(flat, [fb.GetLength(0), fb.GetLength(1)]);
        _filterbank = fb64.to_type(dtype).DetachFromDisposeScope();
    }

    public LogMelOptions Options { get; }

    public ScalarType DType { get; }

    /// <summary>Features for a batch of equal-length waveforms [B, T] (or one waveform [T]).</summary>
    public Tensor Compute(Tensor waveforms)
    {
        using var scope = NewDisposeScope();
        var x = waveforms.dim() == 1 ? waveforms.unsqueeze(0) : waveforms;
        if (x.dim() != 2)
        {
            throw new ArgumentException($"expected waveforms [B, T], got shape [{string.Join(", ", x.shape)}]");
        }

        x = x.to_type(DType);
        var spec = stft(x, Options.NFft, Options.HopLength, Options.NFft, _window, center: true,
            pad_mode: PaddingModes.Reflect, normalized: false, onesided: true, return_complex: true);
        var magnitude = spec.abs();
        var power = Options.Power == 1.0 ? magnitude : Options.Power == 2.0 ? magnitude.square() : magnitude.pow(Options.Power);
        var mel = matmul(_filterbank, power); // [B, mels, frames]

        Tensor features;
        if (Options.Pcen is PcenOptions pcen)
        {
            features = Pcen(mel * pcen.InputScale, pcen);
        }
        else if (Options.Decibels)
        {
            features = 10.0 * log10(clamp_min(mel, Options.Amin));
            var max = features.amax([1, 2], keepdim: true);
            if (Options.TopDb is double topDb)
            {
                features = maximum(features, max - topDb);
            }

            if (Options.UnitScale)
            {
                double range = Options.TopDb ?? 80.0;
                features = clamp_min((features - max) / range + 1.0, 0.0);
            }
        }
        else
        {
            features = mel;
        }

        if (Options.PerFrequencyNormalisation)
        {
            var mean = features.mean([2], keepdim: true);
            var std = features.std(2, unbiased: false, keepdim: true);
            features = (features - mean) / (std + 1e-5);
        }

        return features.unsqueeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>PCEN over [B, mels, frames], as librosa.pcen with the smoother started at steady state.</summary>
    private Tensor Pcen(Tensor energy, PcenOptions o)
    {
        double b = o.SmoothingCoefficient((double)Options.SampleRate / Options.HopLength);
        long frames = energy.shape[2];
        var smoothed = new Tensor[frames];
        var m = energy.select(2, 0);
        smoothed[0] = m;
        for (long t = 1; t < frames; t++)
        {
            m = (1 - b) * m + b * energy.select(2, t);
            smoothed[t] = m;
        }

        var smooth = stack(smoothed, 2);
        var gain = (smooth + o.Eps).pow(-o.Gain);
        return (energy * gain + o.Bias).pow(o.Power) - Math.Pow(o.Bias, o.Power);
    }

    public void Dispose()
    {
        _window.Dispose();
        _filterbank.Dispose();
    }
}
