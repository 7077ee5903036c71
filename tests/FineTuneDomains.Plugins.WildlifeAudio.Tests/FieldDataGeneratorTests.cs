using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Plugins.WildlifeAudio.Audio;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;
using FineTuneDomains.Plugins.WildlifeAudio.Synthesis;
using TorchSharp;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

public class FieldDataGeneratorTests
{
    private static Dictionary<string, string> HashTree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "manifest.json") // holds a creation time
            .ToDictionary(f => Path.GetRelativePath(root, f), DatasetManifest.HashFile);

    [Fact]
    public void Generate_SameSeed_SameFilesAndOtherSeedDiffers()
    {
        string a = TestData.TempDir(), b = TestData.TempDir(), c = TestData.TempDir();
        FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = a, Seed = 5, RecordingCount = 3 });
        FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = b, Seed = 5, RecordingCount = 3 });
        FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = c, Seed = 6, RecordingCount = 3 });
        var ha = HashTree(a);
        Assert.Equal(3 * 2 + 1, ha.Count); // wav + table per recording, annotations.csv
        Assert.Equal(ha, HashTree(b));
        Assert.NotEqual(ha["recordings/rec_0000.wav"], HashTree(c)["recordings/rec_0000.wav"]);
        Assert.Equal(DatasetManifest.Load(Path.Combine(a, "manifest.json")).ManifestSha256, DatasetManifest.Load(Path.Combine(b, "manifest.json")).ManifestSha256);
        foreach (var d in new[] { a, b, c })
        {
            Directory.Delete(d, true);
        }
    }

    [Fact]
    public void Generate_Recordings_TablesCsvAndManifestAgree()
    {
        string dir = TestData.TempDir();
        var summary = FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = dir, Seed = 1, RecordingCount = 6 });
        var csv = CsvAnnotations.Read(Path.Combine(dir, "annotations.csv"));
        Assert.Equal(summary.Events, csv.Count);
        Assert.True(csv.Count >= 6 * 2, $"only {csv.Count} calls");

        var manifest = DatasetManifest.Load(Path.Combine(dir, "manifest.json"));
        Assert.Equal(FieldDataGenerator.PluginId, manifest.Plugin);
        Assert.Equal(["SWEE", "TRIL", "HOOT", "CLIK", "CHRP", "WARB"], manifest.Classes);
        Assert.Equal(summary.ManifestItems, manifest.Items.Count);
        Assert.Contains(manifest.Items, i => i.Labels.Count == 0);         // windows without a call
        Assert.Contains(manifest.Items, i => i.Labels.Count > 0);

        foreach (var recording in manifest.Items.GroupBy(i => i.Path))
        {
            Assert.Single(recording.Select(i => i.Split).Distinct()); // a recording feeds one split only
            string wav = manifest.Resolve(recording.Key);
            var info = WavAudioReader.Probe(wav);
            Assert.Equal(16000, info.SampleRate);
            Assert.InRange(info.Duration, 10, 20);

            // The Raven table holds this recording's calls, as in the CSV.
            string table = Path.ChangeExtension(wav, null) + ".Table.1.selections.txt";
            var fromTable = RavenSelectionTable.Read(table, wav);
            var fromCsv = csv.Where(e => e.Recording == wav).OrderBy(e => e.Start).ThenBy(e => e.End).ThenBy(e => e.Label, StringComparer.Ordinal).ToList();
            Assert.Equal(fromCsv, fromTable);

            // Window labels are the windowing of those events.
            var expected = Windowing.Label(wav, info.Duration, fromTable, new WindowOptions { Length = 2, MinOverlapFraction = 0.5, Final = FinalWindow.Drop });
            Assert.Equal(expected.Select(w => string.Join("+", w.Labels)), recording.Select(i => string.Join("+", i.Labels)));
            Assert.Equal(expected.Select(w => w.Start.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)), recording.Select(i => i.GetMeta("start")));
        }

        Directory.Delete(dir, true);
    }

    [Fact]
    public void Generate_HighSnrCalls_AreLouderThanTheBackground()
    {
        string dir = TestData.TempDir();
        FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = dir, Seed = 2, RecordingCount = 3, MinSnrDb = 20, MaxSnrDb = 20 });
        var events = CsvAnnotations.Read(Path.Combine(dir, "annotations.csv"));
        foreach (var rec in events.GroupBy(e => e.Recording))
        {
            var x = WavAudioReader.Read(rec.Key).Samples;
            var inCall = new bool[x.Length];
            foreach (var e in rec)
            {
                for (int i = (int)(e.Start * 16000); i < Math.Min(x.Length, (int)(e.End * 16000)); i++)
                {
                    inCall[i] = true;
                }
            }

            double callPower = x.Where((_, i) => inCall[i]).Average(v => (double)v * v);
            double backgroundPower = x.Where((_, i) => !inCall[i]).Average(v => (double)v * v);
            Assert.True(callPower > 10 * backgroundPower, $"{rec.Key}: call/background power {callPower / backgroundPower}");
        }

        Directory.Delete(dir, true);
    }

    [Fact]
    public void Generate_Clips_FolderPerClassWithBackgroundAndStratifiedSplits()
    {
        string dir = TestData.TempDir();
        var summary = FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = dir, Seed = 3, Mode = SynthMode.Clips, ClipCount = 7, SpeciesCount = 3 });
        Assert.Equal(4 * 7, summary.Files);
        var clips = FolderPerClass.Read(Path.Combine(dir, "clips"));
        Assert.Equal(["HOOT", "SWEE", "TRIL", "background"], clips.Select(c => c.Label).Distinct().Order(StringComparer.Ordinal));
        Assert.All(clips, c => Assert.Equal(32000, WavAudioReader.Probe(c.Path).Frames));

        var manifest = DatasetManifest.Load(Path.Combine(dir, "manifest.json"));
        Assert.Equal(["SWEE", "TRIL", "HOOT", "background"], manifest.Classes);
        foreach (var cls in manifest.Classes)
        {
            var splits = manifest.Items.Where(i => i.Labels[0] == cls).Select(i => i.Split).ToList();
            Assert.Contains("train", splits);
            Assert.Contains("val", splits);
            Assert.Contains("test", splits);
        }

        Directory.Delete(dir, true);
    }

    [Fact]
    public void Generate_BadSettings_ThrowsUserError()
    {
        var e = Assert.Throws<UserErrorException>(() => FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = TestData.TempDir(), SpeciesCount = 9 }));
        Assert.Contains("species", e.Message);
    }

    [Fact]
    public void Render_EverySpecies_CallInsideItsFrequencyBox()
    {
        foreach (var species in SpeciesProfile.Forest)
        {
            var call = CallSynthesizer.Render(species, 16000, new Random(1));
            Assert.True(call.Samples.Length > 0);
            Assert.Equal(1.0, call.Samples.Max(MathF.Abs), 3);
            Assert.InRange(call.LowFrequency, 0, call.HighFrequency);
            Assert.InRange(call.HighFrequency, call.LowFrequency, 8000);

            // Most of the call's energy lies inside its box (spectrum of the whole call).
            using var scope = torch.NewDisposeScope();
            var power = torch.fft.rfft(torch.tensor(call.Samples)).abs().square().data<float>().ToArray();
            double inside = 0, all = 0;
            for (int k = 1; k < power.Length; k++)
            {
                double f = (double)k * 16000 / call.Samples.Length;
                all += power[k];
                if (f >= call.LowFrequency && f <= call.HighFrequency)
                {
                    inside += power[k];
                }
            }

            Assert.True(inside > 0.8 * all, $"{species.Name}: {inside / all:P0} of the energy in its box");
        }
    }
}
