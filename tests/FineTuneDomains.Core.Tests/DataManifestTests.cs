using FineTuneDomains.Core.Data;

namespace FineTuneDomains.Core.Tests;

[Collection("torch")]
public sealed class DataManifestTests(TrainingFixture data) : IClassFixture<TrainingFixture>
{
    [Fact]
    public void Build_FolderPerClass_StratifiedDeterministicSplit()
    {
        var images = Path.Combine(data.Root, "data", "images");
        var a = ManifestBuilder.Build(data.Plugin, images, Path.Combine(data.Root, "m1.json"), new SplitOptions(9, 0.25, 0.25));
        var b = ManifestBuilder.Build(data.Plugin, images, Path.Combine(data.Root, "m2.json"), new SplitOptions(9, 0.25, 0.25));
        Assert.Equal(a.Items.Select(i => i.Split), b.Items.Select(i => i.Split));
        Assert.Equal(4, a.Classes.Count);
        foreach (var c in a.Classes)
        {
            var items = a.Items.Where(i => i.Labels[0] == c).ToList();
            Assert.Equal(3, items.Count(i => i.Split == "val"));
            Assert.Equal(3, items.Count(i => i.Split == "test"));
            Assert.Equal(6, items.Count(i => i.Split == "train"));
        }
        var other = ManifestBuilder.Build(data.Plugin, images, Path.Combine(data.Root, "m3.json"), new SplitOptions(10, 0.25, 0.25));
        Assert.NotEqual(a.Items.Select(i => i.Split), other.Items.Select(i => i.Split));
    }

    [Fact]
    public void Build_Csv_UsesGivenSplitsAndRelativePaths()
    {
        var dir = Path.Combine(data.Root, "csvcase");
        Directory.CreateDirectory(dir);
        var src = data.Manifest.Items.Take(4).ToList();
        var lines = new List<string> { "path,label,split" };
        foreach (var (item, k) in src.Select((x, k) => (x, k)))
        {
            var name = $"img{k}.pgm";
            File.Copy(data.Manifest.Resolve(item.Path), Path.Combine(dir, name));
            lines.Add($"{name},{item.Labels[0]},{(k < 2 ? "train" : "val")}");
        }
        File.WriteAllLines(Path.Combine(dir, "labels.csv"), lines);
        var m = ManifestBuilder.Build(data.Plugin, Path.Combine(dir, "labels.csv"), Path.Combine(dir, "out", "manifest.json"), new SplitOptions());
        Assert.Equal(["train", "train", "val", "val"], m.Items.Select(i => i.Split));
        Assert.Equal("../img0.pgm", m.Items[0].Path);
        Assert.True(ManifestVerifier.Verify(DatasetManifest.Load(m.SourcePath!), data.Plugin, decode: true).FileProblems.Count == 0);
    }

    [Fact]
    public void Verify_OneByteChanged_NamesTheFile()
    {
        var dir = Path.Combine(data.Root, "verify");
        var m = FineTuneDomains.Plugins.Shapes.ShapesPlugin.Synthesize(data.Plugin, dir, 4, 5, 8);
        Assert.True(ManifestVerifier.Verify(m, data.Plugin, decode: true).Ok);
        var victim = m.Resolve(m.Items[3].Path);
        var bytes = File.ReadAllBytes(victim);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(victim, bytes);
        var report = ManifestVerifier.Verify(DatasetManifest.Load(m.SourcePath!), data.Plugin, decode: true);
        var problem = Assert.Single(report.FileProblems);
        Assert.Equal(m.Items[3].Path, problem.Path);
        Assert.Contains("SHA-256 mismatch", problem.Problem);
    }

    [Fact]
    public void Verify_UndecodableFile_ReportedAsDecodeProblem()
    {
        var dir = Path.Combine(data.Root, "decode");
        var m = FineTuneDomains.Plugins.Shapes.ShapesPlugin.Synthesize(data.Plugin, dir, 4, 3, 8);
        var victim = m.Resolve(m.Items[0].Path);
        File.WriteAllBytes(victim, File.ReadAllBytes(victim)[..20]);
        var rebuilt = ManifestBuilder.Build(data.Plugin, Path.Combine(dir, "images"), Path.Combine(dir, "manifest.json"), new SplitOptions(4, 0.2, 0.2));
        var report = ManifestVerifier.Verify(rebuilt, data.Plugin, decode: true);
        var problem = Assert.Single(report.FileProblems);
        Assert.Contains("cannot be decoded", problem.Problem);
        Assert.Contains("truncated", problem.Problem);
    }

    [Fact]
    public void Load_EditedManifest_IsRefusedWithItsPath()
    {
        var dir = Path.Combine(data.Root, "edited");
        var m = FineTuneDomains.Plugins.Shapes.ShapesPlugin.Synthesize(data.Plugin, dir, 4, 3, 8);
        var text = File.ReadAllText(m.SourcePath!).Replace("\"split\": \"test\"", "\"split\": \"train\"");
        File.WriteAllText(m.SourcePath!, text);
        var e = Assert.Throws<DataFormatException>(() => DatasetManifest.Load(m.SourcePath!));
        Assert.Contains(m.SourcePath!, e.Message);
        Assert.Contains("edited", e.Message);
    }

    [Fact]
    public void Loader_SameSeedAndEpoch_SameOrderAndAugmentation_AnyWorkerCount()
    {
        using var set = data.Plugin.OpenDataset(data.Manifest, "train", new Plugins.DataContext(Config.Settings.FromDefaults(data.Plugin.Describe().DataOptions), true, new Plugins.TaskSpec("classification", Config.Settings.Empty)));
        var aug = new[] { data.Plugin.CreateAugmentation(new Plugins.AugmentationSpec("noise", new Config.Settings(new Dictionary<string, object?> { ["std"] = 0.1 }))) };
        var loader = new BatchLoader(set, 5, shuffle: true, seed: 11, aug);
        float[] Sum(int workers) => loader.Epoch(2, workers, 3).Select(b => { using (b) return b.Input.sum().item<float>(); }).ToArray();
        Assert.Equal(Sum(0), Sum(2));
        Assert.NotEqual(loader.Order(1), loader.Order(2));
    }
}

public sealed class SizedLoaderTests
{
    /// <summary>Items 0..n-1 of size (index * 37) % 101; each loads as a one-element tensor holding its index.</summary>
    private sealed class Sized(int n) : ISizedDataset
    {
        public int Count => n;
        public IReadOnlyList<string> Classes => [];
        public int InputChannels => 1;
        public ManifestItem Item(int index) => new() { Path = $"{index}", Split = "train", Sha256 = "" };
        public double SizeOf(int index) => index * 37 % 101;
        public Example Load(int index) => new(index, TorchSharp.torch.tensor(new float[] { index }), TorchSharp.torch.tensor(0L));
        public Batch Collate(IReadOnlyList<Example> examples)
        {
            var input = TorchSharp.torch.cat(examples.Select(e => e.Input).ToArray());
            var target = TorchSharp.torch.stack(examples.Select(e => e.Target).ToArray());
            var indices = examples.Select(e => e.Index).ToList();
            foreach (var e in examples) e.Dispose();
            return new Batch(input, target, indices);
        }
        public void Dispose() { }
    }

    [Fact]
    public void Order_SizedDataset_BatchesSimilarSizes_DeterministicPerEpoch_EveryItemOnce()
    {
        var set = new Sized(101);
        var loader = new BatchLoader(set, 4, shuffle: true, seed: 3);
        var order = loader.Order(5);
        Assert.Equal(Enumerable.Range(0, 101), order.Order());
        Assert.Equal(order, loader.Order(5));
        Assert.NotEqual(order, loader.Order(6));
        // Sizes are a permutation of 0..100 here: a batch of similar sizes spans far less than a random one.
        double spread = order.Chunk(4).Where(b => b.Length == 4).Average(b => b.Max(set.SizeOf) - b.Min(set.SizeOf));
        Assert.True(spread < 10, $"mean size spread within a batch is {spread}");
        var plain = new BatchLoader(new Sized(101), 4, shuffle: false, seed: 3).Order(5);
        Assert.Equal(Enumerable.Range(0, 101), plain);
    }
}
