using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.WildlifeAudio.Features;

/// <summary>
/// Spectrogram settings (experiment settings, not constants). The computation matches librosa:
/// <c>melspectrogram(y, sr, n_fft, hop_length, win_length, window="hann", center=True, pad_mode="reflect",
/// power, n_mels, fmin, fmax, htk, norm="slaney")</c> followed by <c>power_to_db(S, ref=1.0, amin, top_db)</c>
/// per clip (top_db relative to each clip's own maximum).
/// </summary>
internal sealed record LogMelOptions
{
    public int SampleRate { get; init; } = 16000;

    public int NFft { get; init; } = 512;

    /// <summary>Hann window length; null = <see cref="NFft"/>. A shorter window is centred in the FFT frame (zero padded).</summary>
    public int? WinLength { get; init; }

    public int HopLength { get; init; } = 160;

    public int NMels { get; init; } = 64;

    public double FMin { get; init; } = 50;

    /// <summary>Upper edge of the filterbank; null = Nyquist.</summary>
    public double? FMax { get; init; }

    /// <summary>Exponent of the magnitude: 1 = magnitude, 2 = power.</summary>
    public double Power { get; init; } = 2.0;

    public MelScale Scale { get; init; } = MelScale.Slaney;

    /// <summary>Divide each filter by its bandwidth (librosa norm="slaney"), so filters have equal area.</summary>
    public bool SlaneyNorm { get; init; } = true;

    /// <summary>Convert to decibels (10 log10, ref 1.0). Ignored when <see cref="Pcen"/> is set.</summary>
    public bool Decibels { get; init; } = true;

    /// <summary>Floor before the logarithm.</summary>
    public double Amin { get; init; } = 1e-10;

    /// <summary>Dynamic range kept below each clip's maximum, in dB; null keeps everything.</summary>
    public double? TopDb { get; init; } = 80;

    /// <summary>
    /// Map decibels to [0, 1] per clip: (dB - max) / top_db + 1 (top_db 80 when unset), the image scale that
    /// pretrained backbones' input normalisation expects. Applies to decibel output only.
    /// </summary>
    public bool UnitScale { get; init; }

    /// <summary>After dB/PCEN (and unit scaling), standardise each mel band over time per clip (zero mean, unit variance).</summary>
    public bool PerFrequencyNormalisation { get; init; }

    /// <summary>Use PCEN instead of decibels; null = decibels.</summary>
    public PcenOptions? Pcen { get; init; }

    /// <summary>Effective window length.</summary>
    public int Window => WinLength ?? NFft;

    /// <summary>Effective upper frequency.</summary>
    public double UpperFrequency => FMax ?? SampleRate / 2.0;

    /// <summary>Frames for a clip of <paramref name="samples"/> samples (centred frames).</summary>
    public int Frames(int samples) => 1 + samples / HopLength;

    /// <summary>Throws a <see cref="UserErrorException"/> naming the bad setting.</summary>
    public void Validate()
    {
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new UserErrorException("spectrogram settings: " + message);
            }
        }

        Check(SampleRate > 0, $"sample rate must be positive, got {SampleRate}");
        Check(NFft >= 16, $"n_fft must be at least 16, got {NFft}");
        Check(Window > 0 && Window <= NFft, $"win_length must be in 1..n_fft ({NFft}), got {Window}");
        Check(HopLength > 0, $"hop length must be positive, got {HopLength}");
        Check(NMels > 0, $"n_mels must be positive, got {NMels}");
        Check(FMin >= 0 && UpperFrequency > FMin && UpperFrequency <= SampleRate / 2.0 + 1e-9,
            $"need 0 <= fmin < fmax <= sample rate / 2 ({SampleRate / 2.0}), got fmin {FMin}, fmax {UpperFrequency}");
        Check(Power > 0, $"power must be positive, got {Power}");
        Check(Amin > 0, $"amin must be positive, got {Amin}");
        Check(TopDb is null or > 0, $"top_db must be positive, got {TopDb}");
    }
}
