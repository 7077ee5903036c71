using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Training;
using FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;
using FineTuneDomains.Plugins.ArchaicOcr.Model;
using FineTuneDomains.Plugins.ArchaicOcr.Plugin;
using FineTuneDomains.Plugins.ArchaicOcr.Text;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Tests;

public class PluginTests
{
    private static readonly ArchaicOcrPlugin Plugin = new();

    private static TaskSpec Task(params (string Key, object? Value)[] overrides) =>
        new(OcrOptions.TaskType, Settings.FromDefaults(OcrOptions.Task, overrides.ToDictionary(o => o.Key, o => o.Value)
            .Concat(new Dictionary<string, object?> { ["hidden"] = 16L, ["layers"] = 1L, ["channels"] = new List<object> { 4L, 8L, 8L } }.Where(kv => overrides.All(o => o.Key != kv.Key)))
            .ToDictionary(kv => kv.Key, kv => kv.Value)));

    private static TaskContext Context(IReadOnlyList<string> classes, TaskSpec? task = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(task ?? Task(), classes, new BackboneInfo("none", 1, 1), 0, metadata ?? new Dictionary<string, string>());

    private static DatasetManifest BuildManifest(TempFolder dir, double val = 0.1, double test = 0.1) =>
        OcrManifest.Build(GroundTruthReader.Read([TestData.Root]), dir.File("manifest.json"), new SplitOptions(7, val, test), "test-lines", "public domain", "tests");

    [Fact]
    public void Describe_ListsCtcTaskOptionsAndVerbs()
    {
        var description = Plugin.Describe();
        Assert.Equal("archaic-ocr", description.Id);
        var task = Assert.Single(description.Tasks);
        Assert.Equal("ctc", task.Type);
        Assert.Equal("cer", task.DefaultMonitor);
        Assert.Contains(task.Options, o => o.Name == "normalization");
        Assert.Contains(task.Options, o => o.Name == "alphabet" && o.Choices.SequenceEqual(new[] { "keep", "union", "new" }));
        Assert.Equal(new[] { "synth", "manifest", "transcribe", "score" }, Plugin.CreateCommands(new PluginServices(QuietConsole(), ".")).Select(c => c.Name));
    }

    [Fact]
    public void AcceptsFile_LineImagesOnly()
    {
        Assert.True(Plugin.AcceptsFile(TestData.File("lines/latin-grey.png")));
        Assert.True(Plugin.AcceptsFile(TestData.File("lines/greek-oxia.tif")));
        Assert.False(Plugin.AcceptsFile(TestData.File("page2019/aeneid.xml")));
        Assert.False(Plugin.AcceptsFile(TestData.File("lines/latin-grey.gt.txt")));
    }

    [Fact]
    public void OpenDataset_SizesAreTranscriptionLengths_SoTheLoaderBatchesSimilarWidths()
    {
        using var dir = new TempFolder();
        var manifest = BuildManifest(dir);
        using var set = Plugin.OpenDataset(manifest, "train", new DataContext(Settings.FromDefaults(OcrOptions.Data), true, Task()));
        var sized = Assert.IsAssignableFrom<ISizedDataset>(set);
        for (int i = 0; i < set.Count; i++) Assert.Equal(((LineDataset)set).Text(i).Length, sized.SizeOf(i));
    }

    [Fact]
    public void OpenDataset_UnlabelledImage_IsEmptyForPredictionButAnErrorForTraining()
    {
        using var dir = new TempFolder();
        var image = dir.Copy(TestData.File("lines/latin-grey.png"), "x.png");
        var manifest = new DatasetManifest
        {
            Name = "predict",
            Plugin = "archaic-ocr",
            Classes = ["a"],
            Items = [new ManifestItem { Path = "x.png", Split = "predict", Sha256 = "" }],
            BaseDirectory = dir.Path,
        };
        using (var set = (LineDataset)Plugin.OpenDataset(manifest, "predict", new DataContext(Settings.FromDefaults(OcrOptions.Data), false, Task())))
        {
            Assert.Equal(string.Empty, set.Text(0));
            using var example = set.Load(0);
            Assert.Equal(0, example.Target.shape[0]);
        }

        var e = Assert.Throws<DataFormatException>(() => Plugin.OpenDataset(manifest, "predict", new DataContext(Settings.FromDefaults(OcrOptions.Data), true, Task())));
        Assert.Contains("x.gt.txt", e.Message);
    }

    [Fact]
    public void CheckFile_BrokenFile_ThrowsDataFormat()
    {
        using var dir = new TempFolder();
        var bad = dir.Write("bad.png", "not a png");
        Assert.Throws<DataFormatException>(() => Plugin.CheckFile(bad));
        Plugin.CheckFile(TestData.File("page2013/page/aeneid.xml"));
    }

    [Fact]
    public void Build_TestData_OneItemPerLineWithBothFormsOfOxiaInClasses()
    {
        using var dir = new TempFolder();
        var manifest = DatasetManifest.Load(BuildManifest(dir).SourcePath!);

        Assert.Equal(9, manifest.Items.Count);
        var pageItems = manifest.Items.Where(i => i.GetMeta("line") is not null).ToList();
        Assert.Equal(6, pageItems.Count);
        Assert.All(pageItems, i => Assert.EndsWith("aeneid.xml", i.Target));
        Assert.Contains("\u1F71", manifest.Classes);   // as written (oxia)
        Assert.Contains("\u03AC", manifest.Classes);   // NFC (tonos)
        Assert.Contains("ſ", manifest.Classes);
        // Each val/test candidate line has a character no other line has, so all go to training.
        Assert.Equal(new[] { "train" }, manifest.SplitNames());
    }

    [Fact]
    public void Build_RandomSplit_EveryCharacterHasATrainingLine()
    {
        using var dir = new TempFolder();
        using (var synth = new FineTuneDomains.Plugins.ArchaicOcr.Synth.LineSynthesizer(new(FineTuneDomains.Plugins.ArchaicOcr.Synth.SynthScript.Latin, Count: 40, Seed: 4, Strength: 0)))
        {
            synth.Write(dir.File("lines"));
        }

        var manifest = OcrManifest.Build(GroundTruthReader.Read([dir.File("lines")]), dir.File("m.json"), new SplitOptions(7, 0.3, 0.3), "synth", "public domain", "tests");
        Assert.NotEmpty(manifest.Split("val"));
        Assert.NotEmpty(manifest.Split("test"));
        var training = manifest.Split("train").SelectMany(i => i.Labels).ToHashSet();
        Assert.All(manifest.Classes, c => Assert.Contains(c, training));
        Assert.All(manifest.Items, i => Assert.Equal(OcrManifest.Classes([i.GetMeta("text")!]), i.Labels));
    }

    [Fact]
    public void CoverTraining_CharacterOnlyInTest_MovesFirstSuchLine()
    {
        var splits = OcrManifest.CoverTraining(["train", "test", "val", "test"], [["a"], ["a", "b"], ["c"], ["b"]]);
        Assert.Equal(new[] { "train", "train", "train", "test" }, splits);
    }

    [Fact]
    public void OpenDataset_LoadAndCollate_GiveLinesTargetsAndExtras()
    {
        using var dir = new TempFolder();
        var manifest = BuildManifest(dir, 0, 0);
        var task = Task(("height", 16L));
        using var set = Plugin.OpenDataset(manifest, "train", new DataContext(Settings.FromDefaults(OcrOptions.Data), true, task));
        using var scope = torch.NewDisposeScope();

        var greek = Enumerable.Range(0, set.Count).First(i => set.Item(i).Path.EndsWith("greek-oxia.tif"));
        var example = set.Load(greek);
        Assert.Equal(1, example.Input.shape[0]);
        Assert.Equal(16, example.Input.shape[1]);
        var text = CodePoints.ToText(example.Target.data<long>().ToArray());
        Assert.EndsWith("ἀγ\u03ACπη", text);  // NFC turned oxia into tonos before the model sees it

        using var batch = set.Collate([set.Load(0), set.Load(1), set.Load(greek)]);
        Assert.Equal(3, batch.Count);
        Assert.Equal(batch.Input.shape[3], batch.Extras[LineDataset.WidthsKey].max().ToInt64());
        Assert.Equal(batch.Target.shape[0], batch.Extras[LineDataset.TargetLengthsKey].sum().ToInt64());
    }

    [Fact]
    public void OpenDataset_ManifestClassesMissCharacter_ListsItBeforeTraining()
    {
        using var dir = new TempFolder();
        var manifest = BuildManifest(dir, 0, 0) with { Classes = OcrManifest.Classes(["abc"]) };
        var e = Assert.Throws<DataFormatException>(() =>
            Plugin.OpenDataset(manifest, "train", new DataContext(Settings.FromDefaults(OcrOptions.Data), true, Task())));
        Assert.Contains("U+017F", e.Message);
    }

    [Fact]
    public void HeadAndEvaluator_Batch_GiveFiniteLossAndRates()
    {
        using var dir = new TempFolder();
        var manifest = BuildManifest(dir, 0, 0);
        var task = Task(("height", 16L), ("beam_width", 3L));
        using var set = Plugin.OpenDataset(manifest, "train", new DataContext(Settings.FromDefaults(OcrOptions.Data), true, task));
        var context = Context(manifest.Classes, task);
        var head = Plugin.CreateHead(context);
        var evaluator = Plugin.CreateEvaluator(context);
        using var scope = torch.NewDisposeScope();
        using var batch = set.Collate([set.Load(0), set.Load(1)]);

        var output = head.Module.call(batch.Input);
        var loss = head.Loss(output, batch);
        evaluator.Add(output.detach(), batch);
        var metrics = evaluator.Compute();

        Assert.True(double.IsFinite(loss.ToDouble()) && loss.ToDouble() > 0);
        Assert.InRange(metrics["cer"], 0, 10);
        Assert.Equal(2, evaluator.Predictions.Count);
        Assert.Equal(set.Item(0).GetMeta("text"), evaluator.Predictions[0].Reference);
        Assert.Equal(new[] { "trunk", "rnn", "output" }, head.Groups.Select(g => g.Name));
        Assert.Equal("NFC", head.Metadata[OcrMetadata.Normalization]);
        Assert.Equal(Alphabet.FromTexts(manifest.Classes, TextNormalization.Nfc).Symbols, Alphabet.FromJson(head.Metadata[OcrMetadata.Alphabet], "m").Symbols);
    }

    [Fact]
    public void Loss_CharacterOutsideAlphabet_ThrowsInTrainingAndIsLeftOutInEvaluation()
    {
        using var scope = torch.NewDisposeScope();
        var task = Task(("height", 16L));
        var head = Plugin.CreateHead(Context(["a", "b"], task));
        var codePoints = CodePoints.FromText("abſab");
        using var batch = new Batch(
            torch.rand(2, 1, 16, 40),
            torch.tensor(codePoints),
            [0, 1],
            new Dictionary<string, Tensor>
            {
                [LineDataset.WidthsKey] = torch.tensor(new long[] { 40, 40 }),
                [LineDataset.TargetLengthsKey] = torch.tensor(new long[] { 3, 2 }),
            });

        head.Module.train();
        var e = Assert.Throws<UserErrorException>(() => head.Loss(head.Module.call(batch.Input), batch));
        Assert.Contains("U+017F", e.Message);

        head.Module.eval();
        var loss = head.Loss(head.Module.call(batch.Input), batch).ToDouble();
        Assert.True(double.IsFinite(loss) && loss > 0);
        var (labels, lengths) = CodePoints.ToKnownLabels(codePoints, [3, 2], new Alphabet(["a", "b"], TextNormalization.Nfc));
        Assert.Equal(new long[] { 1, 2, 1, 2 }, labels);
        Assert.Equal(new long[] { 2, 2 }, lengths);
    }

    [Fact]
    public void CreateHead_OtherBackbone_IsSettingsError()
    {
        var context = Context(["a"]) with { Backbone = new BackboneInfo("resnet18", 512, 32) };
        Assert.Throws<UserErrorException>(() => Plugin.CreateHead(context));
    }

    [Fact]
    public void CreateHead_FromBaseCheckpointUnion_KeepsBaseRowsAndSeedsNewOnes()
    {
        using var dir = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var task = Task(("height", 16L));
        var baseHead = (CrnnHead)Plugin.CreateHead(Context(["a", "b", "s", "α"], task));
        using var baseModel = new FineTuneModel(torch.nn.Identity(), baseHead.Module, null);
        var ckpt = dir.File("base.ckpt");
        Checkpoint.Save(ckpt, new CheckpointState { Plugin = "archaic-ocr", HeadMetadata = baseHead.Metadata.ToDictionary() }, baseModel, null);
        var baseWeight = ((Crnn)baseHead.Module).OutputWeight.detach().clone();

        var metadata = baseHead.Metadata.ToDictionary(kv => "base." + kv.Key, kv => kv.Value);
        metadata["base.checkpoint"] = ckpt;
        var head = (CrnnHead)Plugin.CreateHead(Context(["a", "ſ", "ά"], task, metadata));

        var weight = ((Crnn)head.Module).OutputWeight.detach();
        Assert.Equal(new[] { "a", "b", "s", "α", "ſ", "ά" }, head.Plan.Alphabet.Symbols);
        for (var c = 0; c <= 4; c++)
        {
            Assert.Equal(Bits(baseWeight[c]), Bits(weight[c]));
        }

        Assert.Equal(Bits(baseWeight[3]), Bits(weight[5]));  // ſ from s
        Assert.Equal(Bits(baseWeight[4]), Bits(weight[6]));  // ά from α
        Assert.Contains("U+017F 'ſ' from U+0073 's'", head.Metadata[OcrMetadata.AlphabetChange]);

        // The evaluator arrives at the same alphabet from the same context.
        var evaluator = Plugin.CreateEvaluator(Context(["a", "ſ", "ά"], task, metadata));
        Assert.NotNull(evaluator);
    }

    [Fact]
    public void CreateHead_BaseWithOtherNormalization_IsSettingsError()
    {
        var baseHead = Plugin.CreateHead(Context(["a"], Task(("height", 16L), ("normalization", "NFD"))));
        var metadata = baseHead.Metadata.ToDictionary(kv => "base." + kv.Key, kv => kv.Value);
        metadata["base.checkpoint"] = "unused.ckpt";
        var e = Assert.Throws<UserErrorException>(() => Plugin.CreateHead(Context(["a"], Task(("height", 16L)), metadata)));
        Assert.Contains("NFD", e.Message);
    }

    [Fact]
    public void Synth_Verb_WritesPairsAndLoadableManifest()
    {
        using var dir = new TempFolder();
        var root = new RootCommand();
        foreach (var command in Plugin.CreateCommands(new PluginServices(QuietConsole(), dir.Path)))
        {
            root.Subcommands.Add(command);
        }

        var exit = root.Parse(["synth", "--script", "medieval-latin", "--out", "out", "--count", "10", "--seed", "3"]).Invoke();

        Assert.Equal(0, exit);
        var manifest = DatasetManifest.Load(dir.File("out/manifest.json"));
        Assert.Equal(10, manifest.Items.Count);
        Assert.Equal(10, Directory.GetFiles(dir.File("out"), "*.gt.txt").Length);
        Assert.Contains("ſ", manifest.Classes);
        Assert.All(manifest.Items, i => Assert.Equal(File.ReadAllText(dir.File("out/" + i.Target)).TrimEnd('\n'), i.GetMeta("text")));
    }

    private static IAnsiConsole QuietConsole() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });

    private static int[] Bits(Tensor t) => t.contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
