using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>Settings of the synthetic field data set. Same settings and seed, same bytes.</summary>
internal sealed record SynthOptions
{
    public required string OutputDirectory { get; init; }

    public int Seed { get; init; }

    public SynthMode Mode { get; init; } = SynthMode.Recordings;

    public SynthSize Size { get; init; } = SynthSize.Quick;

    public int SampleRate { get; init; } = 16000;

    /// <summary>Number of species used, taken in order from <see cref="SpeciesProfile.Forest"/> (2..6).</summary>
    public int SpeciesCount { get; init; } = 6;

    /// <summary>Range of call signal-to-noise ratios in dB (call power over its span against background power).</summary>
    public double MinSnrDb { get; init; } = 0;

    public double MaxSnrDb { get; init; } = 20;

    /// <summary>Calls per second of recording, drawn per recording from [min, max].</summary>
    public double MinCallDensity { get; init; } = 0.25;

    public double MaxCallDensity { get; init; } = 0.5;

    /// <summary>Window length (s) of manifest items in recording mode, and clip length in clip mode.</summary>
    public double WindowLength { get; init; } = 2.0;

    /// <summary>Fraction of recordings (or clips per class) in the validation and test splits.</summary>
    public double ValFraction { get; init; } = 0.15;

    public double TestFraction { get; init; } = 0.15;

    /// <summary>Name of the no-call class in clip mode.</summary>
    public string BackgroundClass { get; init; } = "background";

    /// <summary>Number of recordings; null takes the <see cref="Size"/> preset.</summary>
    public int? RecordingCount { get; init; }

    /// <summary>Clips per class in clip mode; null takes the <see cref="Size"/> preset.</summary>
    public int? ClipCount { get; init; }

    public int Recordings => RecordingCount ?? Size switch { SynthSize.Quick => 40, SynthSize.Standard => 150, _ => 600 };

    public double MinDuration => 10;

    public double MaxDuration => Size == SynthSize.Quick ? 20 : 30;

    public int ClipsPerClass => ClipCount ?? Size switch { SynthSize.Quick => 30, SynthSize.Standard => 100, _ => 400 };

    public void Validate()
    {
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new UserErrorException("synth: " + message);
            }
        }

        Check(SampleRate >= 8000, $"sample rate must be at least 8000 Hz, got {SampleRate}");
        Check(SpeciesCount >= 2 && SpeciesCount <= SpeciesProfile.Forest.Count, $"species count must be 2..{SpeciesProfile.Forest.Count}, got {SpeciesCount}");
        Check(MaxSnrDb >= MinSnrDb, $"SNR range [{MinSnrDb}, {MaxSnrDb}] is empty");
        Check(WindowLength >= 0.25 && WindowLength <= MinDuration, $"window length must be 0.25..{MinDuration} s, got {WindowLength}");
        Check(Recordings >= 1 && ClipsPerClass >= 1, "recording and clip counts must be positive");
        Check(ValFraction >= 0 && TestFraction >= 0 && ValFraction + TestFraction < 1, "val and test fractions must leave some training data");
    }
}
