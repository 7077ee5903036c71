using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.CtDicom.Plugin;
using FineTuneDomains.Plugins.CtDicom.Synth;
using Spectre.Console;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

/// <summary>The plugin through the contract: datasets, augmentations, head, evaluator, verbs.</summary>
[Collection("torch")]
public sealed class PluginTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ftd-ct-plugin-" + Guid.NewGuid().ToString("N"));
    private readonly CtDicomPlugin _plugin = new();
    private readonly DatasetManifest _manifest;

    public PluginTests()
    {
        _manifest = new CtPhantomGenerator(new CtSynthOptions { Seed = 9, Series = 5, SlicesPerSeries = 6, Size = 32 }).WriteDataset(Path.Combine(_dir, "synth"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private static DataContext Data(params (string Key, object? Value)[] options)
    {
        var settings = Settings.FromDefaults(CtDataOptions.Schema, options.ToDictionary(o => o.Key, o => o.Value));
        return new DataContext(settings, true, new TaskSpec("classification", Settings.Empty));
    }

    [Fact]
    public void Describe_ListsVerbsTasksAugmentations()
    {
        var d = _plugin.Describe();
        Assert.Equal("ct-dicom", d.Id);
        Assert.Equal(["dump", "export", "series", "synth"], d.Verbs);
        Assert.Contains(d.Augmentations, a => a.Name == "window_jitter");
        Assert.Single(d.Tasks);
    }

    [Fact]
    public void CheckFile_UnsupportedSyntax_ThrowsDataFormatException()
    {
        _plugin.CheckFile(TestData.PathOf("ct16s_jpl57sv5.dcm"));
        Assert.Throws<DataFormatException>(() => _plugin.CheckFile(TestData.PathOf("mono8_jpegls.dcm")));
        Assert.True(_plugin.AcceptsFile(TestData.PathOf("ct16s_bareele.dcm")));
        Assert.False(_plugin.AcceptsFile(TestData.PathOf("README.md")));
    }

    [Fact]
    public void OpenDataset_Slices_CollatesWindowsAsChannels()
    {
        using var scope = NewDisposeScope();
        using var ds = _plugin.OpenDataset(_manifest, "train", Data(("size", 24L)));
        Assert.Equal(3, ds.InputChannels);
        Assert.Equal(["lesion", "normal"], ds.Classes);
        Assert.Equal(_manifest.Split("train").Count, ds.Count);
        var ex = ds.Load(0);
        Assert.Equal([1L, 24, 24], ex.Input.shape);
        float hu = ex.Input[0, 12, 12].item<float>();
        using var batch = ds.Collate([ex, ds.Load(1)]);
        Assert.Equal([2L, 3, 24, 24], batch.Input.shape);
        Assert.Equal(Imaging.DicomWindow.Parse("lung").Apply(hu), batch.Input[0, 0, 12, 12].item<float>(), 5);
        Assert.Equal(Imaging.DicomWindow.Parse("bone").Apply(hu), batch.Input[0, 2, 12, 12].item<float>(), 5);
        Assert.Equal(ScalarType.Int64, batch.Target.dtype);
    }

    [Fact]
    public void OpenDataset_25D_StacksNeighboursInSliceOrder()
    {
        using var scope = NewDisposeScope();
        using var ds = (CtDataset)_plugin.OpenDataset(_manifest, "train", Data(("input", "2.5d"), ("context", 1L), ("size", 16L), ("windows", new[] { "lung" })));
        Assert.Equal(3, ds.InputChannels);
        int middle = Enumerable.Range(0, ds.Count).First(i => ds.Item(i).GetMeta("slice") == "3");
        var paths = ds.PathsOf(middle);
        Assert.EndsWith("slice_002.dcm", paths[0]);
        Assert.EndsWith("slice_003.dcm", paths[1]);
        Assert.EndsWith("slice_004.dcm", paths[2]);
        using var batch = ds.Collate([ds.Load(middle)]);
        Assert.Equal([1L, 3, 16, 16], batch.Input.shape);
    }

    [Fact]
    public void OpenDataset_Series_GivesOneItemPerSeriesWithSeriesLabel()
    {
        using var scope = NewDisposeScope();
        using var ds = _plugin.OpenDataset(_manifest, "train", Data(("input", "series"), ("series_slices", 4L), ("size", 16L)));
        var trainSeries = _manifest.Split("train").Select(i => i.GetMeta("series")).Distinct().Count();
        Assert.Equal(trainSeries, ds.Count);
        var label = ds.Item(0).Labels.Single();
        Assert.Equal(_manifest.Split("train").First(i => i.GetMeta("series") == ds.Item(0).GetMeta("series")).GetMeta("series_label"), label);
        using var batch = ds.Collate([ds.Load(0)]);
        Assert.Equal([1L, 4, 3, 16, 16], batch.Input.shape);
    }

    [Fact]
    public void Augmentations_SameSeed_SameResult_AndChangeTheInput()
    {
        using var scope = NewDisposeScope();
        using var ds = _plugin.OpenDataset(_manifest, "train", Data(("size", 24L)));
        foreach (var desc in _plugin.Describe().Augmentations)
        {
            var aug = _plugin.CreateAugmentation(new AugmentationSpec(desc.Name, Settings.FromDefaults(desc.Options, new Dictionary<string, object?> { ["p"] = 1.0, ["horizontal"] = 1.0 })));
            var original = ds.Load(0).Input.data<float>().ToArray();
            var a = aug.ApplyExample(ds.Load(0), new Random(5)).Input.data<float>().ToArray();
            var b = aug.ApplyExample(ds.Load(0), new Random(5)).Input.data<float>().ToArray();
            Assert.Equal(a, b);
            Assert.NotEqual(original, a);
        }
        Assert.Throws<UserErrorException>(() => _plugin.CreateAugmentation(new AugmentationSpec("mixup", Settings.Empty)));
    }

    [Fact]
    public void Head_SliceAndSeriesFeatures_GiveLogitsAndLoss()
    {
        using var scope = NewDisposeScope();
        var task = new TaskSpec("classification", Settings.Empty);
        var ctx = new TaskContext(task, ["lesion", "normal"], new BackboneInfo("test", 8, 32), 0.0, new Dictionary<string, string>());
        var head = _plugin.CreateHead(ctx);
        var slice = head.Module.call(randn(4, 8, 2, 2));
        Assert.Equal([4L, 2], slice.shape);
        var series = head.Module.call(randn([3, 5, 8, 2, 2]));
        Assert.Equal([3L, 2], series.shape);
        using var batch = new Batch(zeros(4, 1), tensor(new long[] { 0, 1, 1, 0 }), [0, 1, 2, 3]);
        var loss = head.Loss(slice, batch);
        Assert.True(loss.item<float>() > 0);
        loss.backward();

        // Class weights [3, 1]: the weighted mean of per-item losses, as torch defines it.
        var weighted = new TaskSpec("classification", Settings.FromDefaults(_plugin.Describe().Tasks[0].Options,
            new Dictionary<string, object?> { ["class_weights"] = new List<object> { 3.0, 1.0 } }));
        var wHead = _plugin.CreateHead(ctx with { Task = weighted });
        var logits = tensor(new float[] { 2, 0, 0, 1, 1, 1, -1, 0 }, [4, 2]);
        var perItem = nn.functional.cross_entropy(logits, batch.Target, reduction: nn.Reduction.None).data<float>().ToArray();
        double expected = (3 * perItem[0] + perItem[1] + perItem[2] + 3 * perItem[3]) / (3 + 1 + 1 + 3);
        Assert.Equal(expected, wHead.Loss(logits, batch).item<float>(), 5);
        Assert.Throws<UserErrorException>(() => _plugin.CreateHead(ctx with
        {
            Task = new TaskSpec("classification", Settings.FromDefaults(_plugin.Describe().Tasks[0].Options,
                new Dictionary<string, object?> { ["class_weights"] = new List<object> { 1.0 } })),
        }));
    }

    [Fact]
    public void Evaluator_KnownScores_GivesAurocSensitivitySpecificity()
    {
        using var scope = NewDisposeScope();
        var options = Settings.FromDefaults(_plugin.Describe().Tasks[0].Options);
        var ctx = new TaskContext(new TaskSpec("classification", options), ["lesion", "normal"], new BackboneInfo("test", 8, 32), 0.0, new Dictionary<string, string>());
        var ev = _plugin.CreateEvaluator(ctx);
        // Logits whose softmax gives p(lesion) = 0.9, 0.6, 0.4, 0.2; labels lesion, normal, lesion, normal.
        var p = new[] { 0.9, 0.6, 0.4, 0.2 };
        var logits = tensor(p.SelectMany(x => new[] { (float)Math.Log(x), (float)Math.Log(1 - x) }).ToArray(), [4, 2]);
        using var batch = new Batch(zeros(4, 1), tensor(new long[] { 0, 1, 0, 1 }), [0, 1, 2, 3]);
        ev.Add(logits, batch);
        var m = ev.Compute();
        Assert.Equal(0.75, m["auroc"], 6);
        Assert.Equal(0.5, m["sensitivity"], 6); // threshold 0.5: 0.9 and 0.6 called lesion
        Assert.Equal(0.5, m["specificity"], 6);
        Assert.Equal(0.5, m["balanced_accuracy"], 6);
        Assert.Equal("lesion", ev.Predictions[1].Predicted);
    }

    private (int Code, string Out) Run(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        console.Profile.Width = 400;
        var root = new RootCommand();
        foreach (var c in _plugin.CreateCommands(new PluginServices(console, _dir))) root.Subcommands.Add(c);
        var stdout = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            int code = root.Parse(args).Invoke();
            return (code, writer + captured.ToString());
        }
        finally { Console.SetOut(stdout); }
    }

    [Fact]
    public void Verbs_SeriesExportDumpSynth_WorkOnSyntheticSeries()
    {
        var (code, output) = Run("series", "synth");
        Assert.Equal(0, code);
        Assert.Contains("5 series (5 in the folder)", output);
        Assert.Contains("sorted by position", output);
        Assert.Contains("checks: ok", output);

        (code, output) = Run("export", "synth/series_000", "--out", "npy", "--png", "--window", "lung");
        Assert.Equal(0, code);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(_dir, "npy"), "*.npy").Length);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(_dir, "npy"), "*.png").Length);
        var npy = ExportTests.ReadNpy(Path.Combine(_dir, "npy", "slice_000.npy"));

        (code, _) = Run("export", "synth", "--out", "all", "--stored");
        Assert.Equal(0, code);
        Assert.Equal(30, Directory.GetFiles(Path.Combine(_dir, "all"), "*.npy", SearchOption.AllDirectories).Length);
        Assert.Equal("<i2", ExportTests.ReadNpy(Path.Combine(_dir, "all", "series_004", "slice_005.npy")).Descr);
        Assert.Equal("<f4", npy.Descr);
        Assert.Equal([1, 32, 32], npy.Shape);

        (code, output) = Run("dump", "synth/series_000/slice_000.dcm");
        Assert.Equal(0, code);
        Assert.Contains("(0028,1052) DS [-1024]", output);
        Assert.Contains("# Pixels: 1 frame(s) of 32x32x1", output);

        (code, output) = Run("dump", "synth/series_000/slice_000.dcm", "--json");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("1.2.840.10008.1.2.1", json.RootElement.GetProperty("transfer_syntax").GetString());

        (code, _) = Run("synth", "--out", "again", "--seed", "9", "--series", "5", "--slices", "6", "--size", "32");
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "synth", "series_003", "slice_004.dcm")), File.ReadAllBytes(Path.Combine(_dir, "again", "series_003", "slice_004.dcm")));
    }
}
