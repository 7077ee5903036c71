using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Plugins;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>The augmentations the plugin offers, their settings and construction.</summary>
internal static class AugmentationCatalog
{
    private static readonly OptionSpec Probability = OptionSpec.Double("p", 0.5, "Probability of applying it to a clip or batch.", 0, 1);

    public static IReadOnlyList<AugmentationDescription> Descriptions { get; } =
    [
        new(TimeShiftAugmentation.Id, "Circular time shift of the waveform (calls wrap around).",
            [OptionSpec.Double("max_fraction", 0.25, "Largest shift as a fraction of the clip.", 0, 1), Probability]),
        new(GainAugmentation.Id, "Random gain in dB.",
            [OptionSpec.Double("min_db", -6, "Lowest gain in dB.", -60, 60), OptionSpec.Double("max_db", 6, "Highest gain in dB.", -60, 60), Probability]),
        new(NoiseAugmentation.Id, "Background noise at a random SNR: excerpts of WAV files in a folder, or generated coloured noise.",
            [
                OptionSpec.Double("min_snr_db", 0, "Lowest signal-to-noise ratio in dB.", -30, 60),
                OptionSpec.Double("max_snr_db", 20, "Highest signal-to-noise ratio in dB.", -30, 60),
                OptionSpec.Enum("colour", "mixed", "Generated noise colour when no folder is given.", "white", "pink", "brown", "mixed"),
                OptionSpec.Path("folder", null, "Folder of noise recordings (.wav); null generates noise."),
                OptionSpec.Int("sample_rate", 16000, "Rate noise files are read at; set it to data.options.sample_rate.", 4000, 192000),
                Probability,
            ]),
        new(TimeStretchAugmentation.Id, "Light pitch-preserving time stretch (WSOLA), cut or padded back to the clip length.",
            [OptionSpec.Double("max_change", 0.1, "Largest relative change of duration.", 0, 0.5), Probability]),
        new(SpecAugmentAugmentation.Id, "SpecAugment time and frequency masking of the spectrogram batch.",
            [
                OptionSpec.Int("time_masks", 2, "Time stripes per clip.", 0, 20),
                OptionSpec.Int("time_width", 20, "Widest time stripe in frames.", 0, 1000),
                OptionSpec.Int("freq_masks", 2, "Frequency stripes per clip.", 0, 20),
                OptionSpec.Int("freq_width", 12, "Widest frequency stripe in mel bands.", 0, 1000),
            ]),
        new(MixupAugmentation.Id, "Mixup of spectrograms and label vectors within the batch.",
            [OptionSpec.Double("alpha", 0.4, "Beta(alpha, alpha) parameter of the mixing weight.", 0.01, 10), Probability]),
    ];

    public static Augmentation Create(AugmentationSpec spec)
    {
        var s = spec.Settings;
        return spec.Name switch
        {
            TimeShiftAugmentation.Id => new TimeShiftAugmentation(s.GetDouble("max_fraction"), s.GetDouble("p")),
            GainAugmentation.Id => s.GetDouble("max_db") < s.GetDouble("min_db")
                ? throw new UserErrorException($"gain augmentation: max_db {s.GetDouble("max_db")} is below min_db {s.GetDouble("min_db")}.")
                : new GainAugmentation(s.GetDouble("min_db"), s.GetDouble("max_db"), s.GetDouble("p")),
            NoiseAugmentation.Id => new NoiseAugmentation(s.GetDouble("min_snr_db"), s.GetDouble("max_snr_db"), s.GetString("colour"),
                s.GetStringOrNull("folder"), s.GetInt("sample_rate"), s.GetDouble("p")),
            TimeStretchAugmentation.Id => new TimeStretchAugmentation(s.GetDouble("max_change"), s.GetDouble("p")),
            SpecAugmentAugmentation.Id => new SpecAugmentAugmentation(s.GetInt("time_masks"), s.GetInt("time_width"), s.GetInt("freq_masks"), s.GetInt("freq_width")),
            MixupAugmentation.Id => new MixupAugmentation(s.GetDouble("alpha"), s.GetDouble("p")),
            _ => throw new UserErrorException($"wildlife-audio has no augmentation '{spec.Name}' (available: {string.Join(", ", Descriptions.Select(d => d.Name))})."),
        };
    }

    /// <summary>A spec with the defaults of <paramref name="name"/>, overridden by <paramref name="values"/>.</summary>
    public static AugmentationSpec Spec(string name, IReadOnlyDictionary<string, object?>? values = null)
    {
        var description = Descriptions.FirstOrDefault(d => d.Name == name)
            ?? throw new UserErrorException($"wildlife-audio has no augmentation '{name}'.");
        return new AugmentationSpec(name, Settings.FromDefaults(description.Options, values));
    }
}
