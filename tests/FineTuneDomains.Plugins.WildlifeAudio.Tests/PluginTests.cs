using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.WildlifeAudio.Audio;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;
using FineTuneDomains.Plugins.WildlifeAudio.Plugin;
using FineTuneDomains.Plugins.WildlifeAudio.Synthesis;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

public class PluginTests
{
    private static readonly WildlifeAudioPlugin Plugin = new();

    private static Settings TaskOptions(string type, IReadOnlyDictionary<string, object?>? values = null) =>
        Settings.FromDefaults(TaskSettings.Descriptions.Single(d => d.Type == type).Options, values);

    private static TaskContext Context(string type, IReadOnlyList<string> classes, IReadOnlyDictionary<string, object?>? options = null) =>
        new(new TaskSpec(type, TaskOptions(type, options)), classes, new BackboneInfo("test", 8, 32), 0.0, new Dictionary<string, string>());

    private static IAnsiConsole TextConsole(TextWriter writer) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });

    [Fact]
    public void Describe_ListsTasksAugmentationsOptionsAndVerbs()
    {
        var d = Plugin.Describe();
        Assert.Equal("wildlife-audio", d.Id);
        Assert.Equal(["classification", "multilabel"], d.Tasks.Select(t => t.Type));
        Assert.Equal(["time_shift", "gain", "noise", "time_stretch", "spec_augment", "mixup"], d.Augmentations.Select(a => a.Name));
        Assert.Contains(d.DataOptions, o => o.Name == "sample_rate");
        Assert.Equal(["synth", "windows", "detect"], d.Verbs);
        Assert.Equal(["synth", "windows", "detect"], Plugin.CreateCommands(new PluginServices(TextConsole(new StringWriter()), ".")).Select(c => c.Name));
    }

    [Theory]
    [InlineData("a/b.wav", true)]
    [InlineData("a/b.WAV", true)]
    [InlineData("a/b.flac", true)]
    [InlineData("a/b.txt", false)]
    [InlineData("a/b.Table.1.selections.txt", false)]
    public void AcceptsFile_AudioExtensions(string path, bool accepted) => Assert.Equal(accepted, Plugin.AcceptsFile(path));

    [Fact]
    public void CheckFile_Flac_DataFormatExceptionWithConversion()
    {
        Plugin.CheckFile(TestData.Format("tone_pcm24_16k.wav"));
        var e = Assert.Throws<DataFormatException>(() => Plugin.CheckFile(TestData.Broken("tone.flac")));
        Assert.Contains("sox", e.Message);
    }

    [Fact]
    public void SynthVerb_WritesTheSetAndRefusesANonEmptyFolder()
    {
        string dir = Path.Combine(TestData.TempDir(), "set");
        var output = new StringWriter();
        var root = new RootCommand { Plugin.CreateCommands(new PluginServices(TextConsole(output), Path.GetTempPath())).Single(c => c.Name == "synth") };
        var result = root.Parse(["synth", "--out", dir, "--seed", "4", "--mode", "clips", "--species", "2"]);
        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        Assert.Contains("manifest.json", output.ToString());
        var manifest = DatasetManifest.Load(Path.Combine(dir, "manifest.json"));
        Assert.Equal(["SWEE", "TRIL", "background"], manifest.Classes);
        Assert.Equal(3 * 30, manifest.Items.Count); // quick: 30 clips per class

        var parse = root.Parse(["synth", "--out", dir]);
        var e = Assert.Throws<UserErrorException>(() => parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        Assert.Contains("not empty", e.Message);
        Directory.Delete(Path.GetDirectoryName(dir)!, true);
    }

    [Fact]
    public void WindowsVerb_RavenTablesOrCsv_SameLabelledWindowsSplitByRecording()
    {
        string root = TestData.TempDir();
        string data = Path.Combine(root, "data");
        FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = data, Seed = 12, RecordingCount = 4 });
        var output = new StringWriter();
        var rootCommand = new RootCommand { Plugin.CreateCommands(new PluginServices(TextConsole(output), root)).Single(c => c.Name == "windows") };
        int Run(params string[] args) => rootCommand.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });

        Assert.Equal(0, Run("windows", "--raven", "data/recordings", "--out", "raven.json", "--length", "1", "--overlap", "0.5", "--val", "0.25", "--test", "0.25"));
        Assert.Equal(0, Run("windows", "--csv", "data/annotations.csv", "--out", "csv.json", "--length", "1", "--overlap", "0.5", "--val", "0.25", "--test", "0.25"));
        var fromRaven = DatasetManifest.Load(Path.Combine(root, "raven.json"));
        var fromCsv = DatasetManifest.Load(Path.Combine(root, "csv.json"));
        Assert.Equal(fromRaven.Items.Select(i => (i.Path, i.Split, string.Join("+", i.Labels), i.GetMeta("start"))),
            fromCsv.Items.Select(i => (i.Path, i.Split, string.Join("+", i.Labels), i.GetMeta("start"))));
        Assert.Equal(new[] { "CHRP", "CLIK", "HOOT", "SWEE", "TRIL", "WARB" }.Where(c => fromRaven.Items.Any(i => i.Labels.Contains(c))), fromRaven.Classes);
        Assert.All(fromRaven.Items.GroupBy(i => i.Path), g => Assert.Single(g.Select(i => i.Split).Distinct()));
        Assert.Equal(["test", "train", "val"], fromRaven.Items.Select(i => i.Split).Distinct().Order());

        // Windows of one recording: 1 s long every 0.5 s, labelled as the windowing of its table.
        var first = fromRaven.Items.Where(i => i.Path == "data/recordings/rec_0000.wav").ToList();
        string wav = Path.Combine(data, "recordings", "rec_0000.wav");
        var expected = Windowing.Label(wav, WavAudioReader.Probe(wav).Duration,
            RavenSelectionTable.Read(Path.Combine(data, "recordings", "rec_0000.Table.1.selections.txt"), wav), new WindowOptions { Length = 1, Overlap = 0.5 });
        Assert.Equal(expected.Select(w => string.Join("+", w.Labels)), first.Select(i => string.Join("+", i.Labels)));
        Assert.Equal("0.5", first[1].GetMeta("start"));

        Assert.Throws<UserErrorException>(() => Run("windows", "--out", "x.json"));
        Assert.Throws<UserErrorException>(() => Run("windows", "--raven", "data", "--csv", "data/annotations.csv", "--out", "x.json"));
        Directory.Delete(root, true);
    }

    [Fact]
    public void Dataset_MultiLabelWindows_WaveformsThenBatchedLogMel()
    {
        string dir = TestData.TempDir();
        FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = dir, Seed = 8, RecordingCount = 4 });
        var manifest = DatasetManifest.Load(Path.Combine(dir, "manifest.json"));
        var options = DataSettings.WithDefaults(new Dictionary<string, object?> { ["n_mels"] = 64L });
        var task = new TaskSpec(TaskKinds.MultiLabel, TaskOptions(TaskKinds.MultiLabel));
        using var dataset = Plugin.OpenDataset(manifest, "train", new DataContext(options, true, task));
        Assert.Equal(manifest.Split("train").Count, dataset.Count);
        Assert.Equal(1, dataset.InputChannels);

        using var scope = NewDisposeScope();
        var examples = Enumerable.Range(0, 3).Select(dataset.Load).ToList();
        Assert.Equal(new long[] { 32000 }, examples[0].Input.shape);
        Assert.Equal(new long[] { 6 }, examples[0].Target.shape);
        var item = dataset.Item(1);
        var expected = manifest.Classes.Select(c => item.Labels.Contains(c) ? 1f : 0f).ToArray();
        Assert.Equal(expected, examples[1].Target.data<float>().ToArray());

        using var batch = dataset.Collate(examples);
        Assert.Equal(new long[] { 3, 1, 64, 201 }, batch.Input.shape);
        Assert.Equal(new long[] { 3, 6 }, batch.Target.shape);
        Assert.Equal([0, 1, 2], batch.Indices);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Dataset_SingleLabelWindowWithoutCall_NeedsBackgroundClass()
    {
        string dir = TestData.TempDir();
        FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = dir, Seed = 8, RecordingCount = 4 });
        var manifest = DatasetManifest.Load(Path.Combine(dir, "manifest.json"));
        var task = new TaskSpec(TaskKinds.Classification, TaskOptions(TaskKinds.Classification));
        using var dataset = Plugin.OpenDataset(manifest, "train", new DataContext(DataSettings.WithDefaults(), true, task));
        int empty = Enumerable.Range(0, dataset.Count).First(i => dataset.Item(i).Labels.Count == 0);
        var e = Assert.Throws<UserErrorException>(() => dataset.Load(empty));
        Assert.Contains("background_class", e.Message);

        var bad = DataSettings.WithDefaults(new Dictionary<string, object?> { ["background_class"] = "silence" });
        Assert.Throws<UserErrorException>(() => Plugin.OpenDataset(manifest, "train", new DataContext(bad, true, task)));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Augmentations_EachChangesWhatItShould()
    {
        using var scope = NewDisposeScope();
        var wave = Signals.Sine(16000, 16000, 1000, 0.5);
        var random = new Random(1);
        foreach (var name in new[] { "time_shift", "gain", "noise", "time_stretch" })
        {
            var augmentation = Plugin.CreateAugmentation(AugmentationCatalog.Spec(name, new Dictionary<string, object?> { ["p"] = 1.0 }));
            Assert.Equal(name, augmentation.Name);
            using var example = new Example(0, tensor(wave), tensor(new float[] { 1, 0 }));
            var result = augmentation.ApplyExample(example, random);
            Assert.Equal(new long[] { 16000 }, result.Input.shape);
            Assert.False(result.Input.allclose(tensor(wave)), name);
            var same = Plugin.CreateAugmentation(AugmentationCatalog.Spec(name, new Dictionary<string, object?> { ["p"] = 0.0 }));
            using var untouched = new Example(0, tensor(wave), tensor(new float[] { 1, 0 }));
            Assert.True(same.ApplyExample(untouched, random).Input.allclose(tensor(wave)), name + " at p=0");
        }

        using var batch = new Batch(randn(4, 1, 16, 30, generator: manual_seed(2)), eye(4), [0, 1, 2, 3]);
        var original = batch.Input.clone();
        Plugin.CreateAugmentation(AugmentationCatalog.Spec("spec_augment")).ApplyBatch(batch, new Random(3));
        Assert.False(batch.Input.allclose(original));
        Plugin.CreateAugmentation(AugmentationCatalog.Spec("mixup", new Dictionary<string, object?> { ["p"] = 1.0 })).ApplyBatch(batch, new Random(3));
        Assert.True(batch.Target.sum(1).allclose(ones(4)));
        Assert.True(batch.Target.max().item<float>() < 1f); // labels mixed

        Assert.Throws<UserErrorException>(() => Plugin.CreateAugmentation(new AugmentationSpec("reverb", Settings.Empty)));
    }

    [Fact]
    public void NoiseAugmentation_FromFolder_MixesThoseFiles()
    {
        var spec = AugmentationCatalog.Spec("noise", new Dictionary<string, object?>
        {
            ["p"] = 1.0, ["folder"] = Path.Combine(TestData.Root, "formats"), ["min_snr_db"] = 0.0, ["max_snr_db"] = 0.0,
        });
        var augmentation = Plugin.CreateAugmentation(spec);
        using var scope = NewDisposeScope();
        var silentish = Signals.Sine(4000, 16000, 300, 0.1);
        using var example = new Example(0, tensor(silentish), tensor(new float[] { 1 }));
        var mixed = augmentation.ApplyExample(example, new Random(5)).Input.data<float>().ToArray();
        var added = mixed.Zip(silentish, (a, b) => a - b).ToArray();
        Assert.Equal(Signals.Rms(silentish), Signals.Rms(added), 3); // 0 dB SNR

        var missing = AugmentationCatalog.Spec("noise", new Dictionary<string, object?> { ["folder"] = "/nonexistent/noise" });
        Assert.Throws<UserErrorException>(() => Plugin.CreateAugmentation(missing));
    }

    [Fact]
    public void Head_ClassificationLoss_IsCrossEntropyAndOutputsLogits()
    {
        var head = Plugin.CreateHead(Context(TaskKinds.Classification, ["a", "b", "c"]));
        using var scope = NewDisposeScope();
        var output = head.Module.call(randn(5, 8, 2, 3, generator: manual_seed(1)));
        Assert.Equal(new long[] { 5, 3 }, output.shape);
        var labels = tensor(new long[] { 0, 2, 1, 1, 0 });
        using var batch = new Batch(zeros(5), nn.functional.one_hot(labels, 3).to_type(ScalarType.Float32), [0, 1, 2, 3, 4]);
        var expected = nn.functional.cross_entropy(output, labels);
        Assert.Equal(expected.item<float>(), head.Loss(output, batch).item<float>(), 5);
        Assert.Equal(["head"], head.Groups.Select(g => g.Name));
        Assert.Equal("a\nb\nc", head.Metadata["classes"]);
    }

    [Fact]
    public void Head_MultiLabelLosses_BcePosWeightAndFocal()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 2, -1, 0.5f, -3, 1, 0 }).reshape(2, 3);
        using var batch = new Batch(zeros(2), tensor(new float[] { 1, 0, 1, 0, 0, 1 }).reshape(2, 3), [0, 1]);
        var bce = Plugin.CreateHead(Context(TaskKinds.MultiLabel, ["a", "b", "c"])).Loss(logits, batch).item<float>();
        var p = logits.sigmoid();
        var manual = -(batch.Target * p.log() + (1 - batch.Target) * (1 - p).log()).mean().item<float>();
        Assert.Equal(manual, bce, 5);

        var weighted = Plugin.CreateHead(Context(TaskKinds.MultiLabel, ["a", "b", "c"], new Dictionary<string, object?> { ["pos_weight"] = new List<object?> { 3.0 } })).Loss(logits, batch).item<float>();
        Assert.True(weighted > bce);
        var focal = Plugin.CreateHead(Context(TaskKinds.MultiLabel, ["a", "b", "c"], new Dictionary<string, object?> { ["loss"] = "focal" })).Loss(logits, batch).item<float>();
        Assert.True(focal < bce); // down-weights easy examples
        Assert.Throws<UserErrorException>(() => Plugin.CreateHead(Context(TaskKinds.MultiLabel, ["a", "b", "c"], new Dictionary<string, object?> { ["pos_weight"] = new List<object?> { 1.0, 2.0 } })));
    }

    [Fact]
    public void Evaluator_Classification_AccuracyF1ApAuroc()
    {
        var evaluator = Plugin.CreateEvaluator(Context(TaskKinds.Classification, ["a", "b"]));
        using var scope = NewDisposeScope();
        // Scores rank perfectly but one item is on the wrong side of argmax: AP and AUROC 1, accuracy 3/4.
        var logits = tensor(new float[] { 3, 0, 0.2f, 0, 0, 1, 0, 3 }).reshape(4, 2);
        using var batch = new Batch(zeros(4), tensor(new float[] { 1, 0, 0, 1, 0, 1, 0, 1 }).reshape(4, 2), [10, 11, 12, 13]);
        evaluator.Add(logits, batch);
        var m = evaluator.Compute();
        Assert.Equal(0.75, m["accuracy"], 6);
        Assert.Equal(1.0, m["map"], 6);
        Assert.Equal(1.0, m["macro_auroc"], 6);
        Assert.Equal((2.0 / 3 + 0.8) / 2, m["macro_f1"], 6);
        Assert.Equal(1.0, m["ap/a"], 6);
        Assert.Equal(4, evaluator.Predictions.Count);
        Assert.Equal(new Prediction(11, "b", "a", evaluator.Predictions[1].Scores), evaluator.Predictions[1]);
        evaluator.Reset();
        Assert.Empty(evaluator.Compute());
    }

    [Fact]
    public void Evaluator_MultiLabel_TunedThresholdsBeatTheDefault()
    {
        var evaluator = Plugin.CreateEvaluator(Context(TaskKinds.MultiLabel, ["a", "b"]));
        using var scope = NewDisposeScope();
        // Class b's positives score 0.3-0.4 (below 0.5) but above its negatives: a lower threshold fixes it.
        var probabilities = tensor(new float[] { 0.9f, 0.4f, 0.8f, 0.1f, 0.2f, 0.35f, 0.1f, 0.05f }).reshape(4, 2);
        var logits = (probabilities / (1 - probabilities)).log();
        using var batch = new Batch(zeros(4), tensor(new float[] { 1, 1, 1, 0, 0, 1, 0, 0 }).reshape(4, 2), [0, 1, 2, 3]);
        evaluator.Add(logits, batch);
        var m = evaluator.Compute();
        Assert.Equal(1.0, m["map"], 6);
        Assert.Equal(0.5, m["accuracy"], 6); // rows 0 and 2 miss b at 0.5
        Assert.Equal(1.0, m["macro_f1_tuned"], 6);
        Assert.True(m["macro_f1"] < 1.0);
        Assert.Equal(0.35, m["threshold/b"], 5);
        Assert.Equal("a;b", evaluator.Predictions[0].Reference);
        Assert.Equal("a", evaluator.Predictions[0].Predicted);
    }
}
