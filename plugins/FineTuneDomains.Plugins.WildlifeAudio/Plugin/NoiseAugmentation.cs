using FineTuneDomains.Core;
using FineTuneDomains.Plugins.WildlifeAudio.Audio;
using FineTuneDomains.Plugins.WildlifeAudio.Augmentations;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>
/// <c>noise</c>: background noise mixed in at an SNR drawn from [min_snr_db, max_snr_db]: a random excerpt of
/// a WAV from <c>folder</c> (read at <c>sample_rate</c>), or generated white/pink/brown noise.
/// </summary>
internal sealed class NoiseAugmentation : WaveformAugmentation
{
    public const string Id = "noise";

    private readonly double _minSnr;
    private readonly double _maxSnr;
    private readonly NoiseColour[] _colours;
    private readonly IReadOnlyList<float[]> _files;

    public NoiseAugmentation(double minSnr, double maxSnr, string colour, string? folder, int sampleRate, double probability)
        : base(probability)
    {
        if (maxSnr < minSnr)
        {
            throw new UserErrorException($"noise augmentation: max_snr_db {maxSnr} is below min_snr_db {minSnr}.");
        }

        _minSnr = minSnr;
        _maxSnr = maxSnr;
        _colours = colour switch
        {
            "white" => [NoiseColour.White],
            "pink" => [NoiseColour.Pink],
            "brown" => [NoiseColour.Brown],
            _ => [NoiseColour.White, NoiseColour.Pink, NoiseColour.Brown],
        };
        if (folder is null)
        {
            _files = [];
        }
        else
        {
            if (!Directory.Exists(folder))
            {
                throw new UserErrorException($"noise augmentation: folder {folder} does not exist.");
            }

            _files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(WavAudioReader.HasWavExtension)
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => WavAudioReader.Read(f, new AudioReadOptions { TargetSampleRate = sampleRate }).Samples)
                .ToList();
            if (_files.Count == 0)
            {
                throw new UserErrorException($"noise augmentation: no .wav files in {folder}.");
            }
        }
    }

    public override string Name => Id;

    protected override float[] Transform(float[] samples, Random random)
    {
        float[] noise;
        if (_files.Count > 0)
        {
            var file = _files[random.Next(_files.Count)];
            int offset = random.Next(file.Length);
            noise = WaveformTransforms.Roll(file, -offset); // a random excerpt, looping at the end
        }
        else
        {
            noise = ColouredNoise.Generate(samples.Length, _colours[random.Next(_colours.Length)], random);
        }

        return WaveformTransforms.MixAtSnr(samples, noise, random.Uniform(_minSnr, _maxSnr));
    }
}
