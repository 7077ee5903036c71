using System.Globalization;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Plugins.WildlifeAudio.Audio;
using FineTuneDomains.Plugins.WildlifeAudio.Augmentations;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;

namespace FineTuneDomains.Plugins.WildlifeAudio.Synthesis;

/// <summary>
/// Writes the deterministic synthetic field data set: calls of several species at random times and SNRs
/// over forest-like backgrounds, as WAV recordings with one Raven selection table each, an annotation CSV
/// and a manifest of labelled windows (split by recording, so no recording feeds two splits); or, in clip
/// mode, short clips in one folder per species plus background.
/// Each file draws from its own generator seeded from (seed, file index), so a file does not change when
/// the set grows.
/// </summary>
internal static class FieldDataGenerator
{
    /// <summary>Plugin id written into the manifest.</summary>
    public const string PluginId = "wildlife-audio";

    /// <summary>Background level before calls are added (RMS, full scale 1).</summary>
    private const double BackgroundRms = 0.05;

    public static SynthSummary Generate(SynthOptions options, IProgress<double>? progress = null)
    {
        options.Validate();
        Directory.CreateDirectory(options.OutputDirectory);
        return options.Mode == SynthMode.Recordings ? GenerateRecordings(options, progress) : GenerateClips(options, progress);
    }

    private static SynthSummary GenerateRecordings(SynthOptions o, IProgress<double>? progress)
    {
        var species = SpeciesProfile.Forest.Take(o.SpeciesCount).ToList();
        string recDir = Path.Combine(o.OutputDirectory, "recordings");
        Directory.CreateDirectory(recDir);
        var windowOptions = new WindowOptions { Length = o.WindowLength, MinOverlapFraction = 0.5, Final = FinalWindow.Drop };
        var splits = RecordingSplits(o);
        var allEvents = new List<AudioEvent>();
        var items = new List<ManifestItem>();
        double total = 0;
        for (int r = 0; r < o.Recordings; r++)
        {
            var random = new Random(ManifestBuilder.StableSeed(o.Seed, $"recording/{r}"));
            double duration = Math.Round(random.Uniform(o.MinDuration, o.MaxDuration), 1);
            int length = (int)(duration * o.SampleRate);
            var x = Background(length, o.SampleRate, random);
            string name = $"rec_{r:D4}";
            string wavPath = Path.Combine(recDir, name + ".wav");
            var events = new List<AudioEvent>();
            int calls = (int)Math.Round(duration * random.Uniform(o.MinCallDensity, o.MaxCallDensity));
            for (int c = 0; c < calls; c++)
            {
                var sp = species[random.Next(species.Count)];
                var call = CallSynthesizer.Render(sp, o.SampleRate, random);
                int margin = o.SampleRate / 10;
                if (call.Samples.Length + 2 * margin >= length)
                {
                    continue;
                }

                int start = random.Next(margin, length - call.Samples.Length - margin);
                AddCall(x, call.Samples, start, random.Uniform(o.MinSnrDb, o.MaxSnrDb));
                events.Add(new AudioEvent(wavPath, (double)start / o.SampleRate, (double)(start + call.Samples.Length) / o.SampleRate,
                    sp.Name, Math.Round(call.LowFrequency, 1), Math.Round(call.HighFrequency, 1)));
            }

            Limit(x);
            WavAudioWriter.WritePcm16(wavPath, x, o.SampleRate);
            events = events.Select(e => e with { Start = Math.Round(e.Start, 4), End = Math.Round(e.End, 4) }).ToList();
            RavenSelectionTable.Write(Path.Combine(recDir, name + ".Table.1.selections.txt"), events, o.SampleRate / 2.0);
            allEvents.AddRange(events);

            string sha = DatasetManifest.HashFile(wavPath);
            foreach (var w in Windowing.Label(wavPath, duration, events, windowOptions))
            {
                items.Add(new ManifestItem
                {
                    Path = $"recordings/{name}.wav",
                    Labels = w.Labels,
                    Split = splits[r],
                    Sha256 = sha,
                    Meta = new Dictionary<string, string>
                    {
                        ["start"] = w.Start.ToString("0.###", CultureInfo.InvariantCulture),
                        ["end"] = w.End.ToString("0.###", CultureInfo.InvariantCulture),
                    },
                });
            }

            total += duration;
            progress?.Report((r + 1.0) / o.Recordings);
        }

        CsvAnnotations.Write(Path.Combine(o.OutputDirectory, "annotations.csv"), allEvents);
        string manifestPath = Path.Combine(o.OutputDirectory, "manifest.json");
        new DatasetManifest
        {
            Name = $"wildlife-synth-{o.Size.ToString().ToLowerInvariant()}-seed{o.Seed}",
            Plugin = PluginId,
            Licence = "CC0-1.0 (synthetic)",
            Provenance = Provenance(o) + $"; {o.WindowLength:0.###} s windows without overlap, labelled when at least half of a call (or of the window) overlaps; windows without calls have no label",
            Seed = o.Seed,
            Classes = species.Select(s => s.Name).ToList(),
            Items = items,
        }.Save(manifestPath);
        return new SynthSummary(o.Recordings, allEvents.Count, items.Count, total, manifestPath);
    }

    private static SynthSummary GenerateClips(SynthOptions o, IProgress<double>? progress)
    {
        var species = SpeciesProfile.Forest.Take(o.SpeciesCount).ToList();
        var classes = species.Select(s => s.Name).Append(o.BackgroundClass).ToList();
        int length = (int)Math.Round(o.WindowLength * o.SampleRate);
        var files = new List<(string Rel, string Label)>();
        int events = 0;
        for (int c = 0; c < classes.Count; c++)
        {
            for (int k = 0; k < o.ClipsPerClass; k++)
            {
                var random = new Random(ManifestBuilder.StableSeed(o.Seed, $"clip/{classes[c]}/{k}"));
                var x = Background(length, o.SampleRate, random);
                if (c < species.Count)
                {
                    // Calls longer than the clip are cut at its end, as a clip cut from a recording would be.
                    var call = CallSynthesizer.Render(species[c], o.SampleRate, random);
                    int callLength = Math.Min(call.Samples.Length, length - 2);
                    int start = random.Next(0, length - callLength);
                    AddCall(x, call.Samples.AsSpan(0, callLength), start, random.Uniform(o.MinSnrDb, o.MaxSnrDb));
                    events++;
                }

                Limit(x);
                string rel = $"clips/{classes[c]}/{classes[c]}_{k:D4}.wav";
                WavAudioWriter.WritePcm16(Path.Combine(o.OutputDirectory, rel), x, o.SampleRate);
                files.Add((rel, classes[c]));
                progress?.Report((double)files.Count / (classes.Count * o.ClipsPerClass));
            }
        }

        var splits = ManifestBuilder.StratifiedSplit(files.Select(f => f.Label).ToList(), new SplitOptions(o.Seed, o.ValFraction, o.TestFraction));
        var items = files.Select((f, i) => new ManifestItem
        {
            Path = f.Rel,
            Labels = [f.Label],
            Split = splits[i],
            Sha256 = DatasetManifest.HashFile(Path.Combine(o.OutputDirectory, f.Rel)),
        }).ToList();
        string manifestPath = Path.Combine(o.OutputDirectory, "manifest.json");
        new DatasetManifest
        {
            Name = $"wildlife-synth-clips-{o.Size.ToString().ToLowerInvariant()}-seed{o.Seed}",
            Plugin = PluginId,
            Licence = "CC0-1.0 (synthetic)",
            Provenance = Provenance(o) + $"; {o.WindowLength:0.###} s clips, one call each, plus '{o.BackgroundClass}' clips without calls",
            Seed = o.Seed,
            Classes = classes,
            Items = items,
        }.Save(manifestPath);
        return new SynthSummary(files.Count, events, items.Count, files.Count * o.WindowLength, manifestPath);
    }

    private static string Provenance(SynthOptions o) =>
        $"generated by `ftd wildlife-audio synth` (mode {o.Mode}, size {o.Size}, seed {o.Seed}, {o.SampleRate} Hz, " +
        $"{o.SpeciesCount} species, SNR {o.MinSnrDb:0.#}..{o.MaxSnrDb:0.#} dB)";

    /// <summary>Split of each recording: shuffled with a seed, first test, then val, rest train.</summary>
    private static string[] RecordingSplits(SynthOptions o)
    {
        var order = Enumerable.Range(0, o.Recordings).ToArray();
        new Random(ManifestBuilder.StableSeed(o.Seed, "split")).Shuffle(order);
        int nTest = (int)Math.Round(o.Recordings * o.TestFraction), nVal = (int)Math.Round(o.Recordings * o.ValFraction);
        var splits = new string[o.Recordings];
        for (int k = 0; k < order.Length; k++)
        {
            splits[order[k]] = k < nTest ? "test" : k < nTest + nVal ? "val" : "train";
        }

        return splits;
    }

    private static float[] Background(int length, int sampleRate, Random random)
    {
        var bg = BackgroundSynthesizer.Render(length, sampleRate, random);
        for (int i = 0; i < bg.Length; i++)
        {
            bg[i] *= (float)BackgroundRms;
        }

        return bg;
    }

    /// <summary>Adds a call scaled so that its power over its own span is <paramref name="snrDb"/> above the background's.</summary>
    private static void AddCall(float[] x, ReadOnlySpan<float> call, int start, double snrDb)
    {
        double callPower = WaveformTransforms.MeanPower(call);
        if (callPower <= 0)
        {
            return;
        }

        double scale = Math.Sqrt(BackgroundRms * BackgroundRms * Math.Pow(10, snrDb / 10) / callPower);
        for (int i = 0; i < call.Length && start + i < x.Length; i++)
        {
            x[start + i] += (float)(scale * call[i]);
        }
    }

    /// <summary>Scales the whole recording down if it would clip (keeps every SNR).</summary>
    private static void Limit(float[] x)
    {
        float peak = x.Length == 0 ? 0 : x.Max(MathF.Abs);
        if (peak > 0.95f)
        {
            float g = 0.95f / peak;
            for (int i = 0; i < x.Length; i++)
            {
                x[i] *= g;
            }
        }
    }
}
