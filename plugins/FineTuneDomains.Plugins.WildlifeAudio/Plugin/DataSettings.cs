using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Plugins.WildlifeAudio.Features;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>The experiment's <c>data.options</c> for wildlife audio: schema and typed views.</summary>
internal static class DataSettings
{
    public static IReadOnlyList<OptionSpec> Schema { get; } =
    [
        OptionSpec.Int("sample_rate", 16000, "Model sample rate in Hz; recordings at other rates are resampled (band-limited).", 4000, 192000),
        OptionSpec.Double("clip_seconds", 2.0, "Length of each model input in seconds; shorter items are zero-padded, longer ones cut.", 0.1, 600),
        OptionSpec.Int("channel", null, "Channel to use (0-based); null mixes all channels to mono.", 0, 255),
        OptionSpec.String("background_class", null, "Class given to items without labels in single-label classification (must be a manifest class)."),
        OptionSpec.Int("n_fft", 512, "FFT size of the spectrogram.", 16, 65536),
        OptionSpec.Int("win_length", null, "Hann window length (≤ n_fft); null = n_fft.", 16, 65536),
        OptionSpec.Int("hop_length", 160, "Samples between spectrogram frames.", 1, 65536),
        OptionSpec.Int("n_mels", 128, "Mel bands.", 1, 1024),
        OptionSpec.Double("fmin", 50, "Lowest mel filter edge in Hz.", 0, 96000),
        OptionSpec.Double("fmax", null, "Highest mel filter edge in Hz; null = Nyquist.", 1, 96000),
        OptionSpec.Double("power", 2.0, "Magnitude exponent: 1 magnitude, 2 power.", 0.1, 4),
        OptionSpec.Enum("mel_scale", "slaney", "Mel scale of the filterbank (librosa htk=False/True); filters are area-normalised (norm=slaney).", "slaney", "htk"),
        OptionSpec.Double("top_db", 80, "Dynamic range kept below each clip's maximum, in dB; null keeps all.", 1, 300),
        OptionSpec.Bool("pcen", false, "Per-channel energy normalisation (librosa defaults) instead of decibels."),
        OptionSpec.Bool("unit_scale", true, "Map decibels to [0, 1] per clip ((dB - max) / top_db + 1), the image scale pretrained backbones expect."),
        OptionSpec.Bool("per_frequency_norm", false, "Standardise each mel band over time per clip."),
    ];

    public static LogMelOptions LogMel(Settings s)
    {
        string scale = s.GetString("mel_scale");
        return new LogMelOptions
        {
            SampleRate = s.GetInt("sample_rate"),
            NFft = s.GetInt("n_fft"),
            WinLength = s.GetIntOrNull("win_length"),
            HopLength = s.GetInt("hop_length"),
            NMels = s.GetInt("n_mels"),
            FMin = s.GetDouble("fmin"),
            FMax = s.GetDoubleOrNull("fmax"),
            Power = s.GetDouble("power"),
            Scale = scale == "htk" ? MelScale.Htk : MelScale.Slaney,
            TopDb = s.GetDoubleOrNull("top_db"),
            Pcen = s.GetBool("pcen") ? new PcenOptions() : null,
            UnitScale = s.GetBool("unit_scale"),
            PerFrequencyNormalisation = s.GetBool("per_frequency_norm"),
        };
    }

    /// <summary>Settings with defaults for every key the caller does not give (tests, verbs).</summary>
    public static Settings WithDefaults(IReadOnlyDictionary<string, object?>? values = null)
    {
        var settings = Settings.FromDefaults(Schema, values);
        foreach (var key in values?.Keys ?? [])
        {
            if (!Schema.Any(o => o.Name == key))
            {
                throw new UserErrorException($"unknown wildlife-audio data option '{key}'");
            }
        }

        return settings;
    }
}
