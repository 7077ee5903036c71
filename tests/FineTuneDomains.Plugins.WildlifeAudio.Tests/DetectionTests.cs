using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Training;
using FineTuneDomains.Plugins.WildlifeAudio.Detection;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;
using FineTuneDomains.Plugins.WildlifeAudio.Synthesis;
using Spectre.Console;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

public class DetectionTests
{
    [Fact]
    public void Merge_ConsecutiveWindowsOfAClass_OneEventWithMaxScore()
    {
        var windows = new[]
        {
            new ScoredWindow(0, 2, [0.9, 0.1, 0.8]),
            new ScoredWindow(1, 3, [0.7, 0.2, 0.1]),
            new ScoredWindow(2, 4, [0.2, 0.6, 0.9]),
            new ScoredWindow(3, 5, [0.3, 0.1, 0.9]),
            new ScoredWindow(4, 6, [0.95, 0.1, 0.9]),
        };
        var events = DetectionMerger.Merge("r.wav", windows.Reverse(), ["A", "B", "bg"], [0.5, 0.5, 0.5], new HashSet<string> { "bg" });
        Assert.Equal(
            [
                new AudioEvent("r.wav", 0, 3, "A", Score: 0.9),
                new AudioEvent("r.wav", 2, 4, "B", Score: 0.6),
                new AudioEvent("r.wav", 4, 6, "A", Score: 0.95),
            ],
            events);
    }

    [Fact]
    public void Merge_TouchingWindowsMergeAndGapsSplit()
    {
        var windows = new[] { new ScoredWindow(0, 1, [0.8]), new ScoredWindow(1, 2, [0.9]), new ScoredWindow(3, 4, [0.7]) };
        var events = DetectionMerger.Merge("r", windows, ["A"], [0.65]);
        Assert.Equal([(0.0, 2.0), (3.0, 4.0)], events.Select(e => (e.Start, e.End)));
        Assert.Empty(DetectionMerger.Merge("r", windows, ["A"], [0.95]));
    }

    [Fact]
    public void DetectVerb_TrainedRun_WritesRavenTablesThatReadBackAsLabels()
    {
        // A tiny real run: synthetic recordings, the small CNN backbone, two steps. The point is the wiring
        // (run folder -> model -> windows -> tables), not the model's quality.
        string root = TestData.TempDir();
        string data = Path.Combine(root, "data");
        FieldDataGenerator.Generate(new SynthOptions { OutputDirectory = data, Seed = 11, RecordingCount = 5, SpeciesCount = 3 });
        string experimentPath = Path.Combine(root, "tiny.yaml");
        File.WriteAllText(experimentPath, """
            plugin: wildlife-audio
            data:
              manifest: data/manifest.json
              options:
                n_mels: 32
                n_fft: 256
                hop_length: 320
            task:
              type: multilabel
            model:
              backbone: small_cnn
              pretrained: none
            train:
              epochs: 1
              batch_size: 8
              max_steps_per_epoch: 2
              workers: 0
            eval:
              test: false
            """);
        var plugin = new WildlifeAudioPlugin();
        var description = plugin.Describe();
        var experiment = new ExperimentLoader(id => id == plugin.Id ? description : null, [plugin.Id]).Load(experimentPath);
        string runFolder;
        using (var run = FineTuneRun.Start(experiment, plugin, new RunOptions { RunsRoot = Path.Combine(root, "runs") }, new QuietObserver()))
        {
            runFolder = run.Train().RunFolder;
        }

        // Per-class max-F1 thresholds tuned on validation are stored with the best checkpoint.
        var best = Checkpoint.ReadState(Path.Combine(runFolder, "checkpoints", "best.ckpt"));
        var stored = best.HeadMetadata["thresholds"].Split(',');
        Assert.Equal(3, stored.Length);
        Assert.All(stored, t => Assert.InRange(double.Parse(t, System.Globalization.CultureInfo.InvariantCulture), 0, 1));

        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        var rootCommand = new RootCommand();
        foreach (var c in plugin.CreateCommands(new PluginServices(console, root)))
        {
            rootCommand.Subcommands.Add(c);
        }

        string outDir = Path.Combine(root, "detections");
        var parse = rootCommand.Parse(["detect", runFolder, Path.Combine(data, "recordings"), "--out", outDir, "--min-score", "0.0", "--overlap", "0.5"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(0, parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));

        var tables = Directory.GetFiles(outDir, "*.detections.selections.txt");
        Assert.Equal(5, tables.Length);
        var csv = CsvAnnotations.Read(Path.Combine(outDir, "detections.csv"));
        int fromTables = 0;
        foreach (string table in tables)
        {
            string recording = Path.Combine(data, "recordings", Path.GetFileName(table).Replace(".detections.selections.txt", ".wav"));
            var events = RavenSelectionTable.Read(table, recording);
            fromTables += events.Count;
            // At min-score 0 every class fires in every window: one merged event per class spanning the recording.
            Assert.Equal(["HOOT", "SWEE", "TRIL"], events.Select(e => e.Label).Order(StringComparer.Ordinal));
            Assert.All(events, e => Assert.Equal(0, e.Start));
            Assert.All(events, e => Assert.InRange(e.Score!.Value, 0, 1));
            // ... and they read back as window labels.
            var windows = Windowing.Label(recording, events[0].End, events, new WindowOptions { Length = 2, Final = FinalWindow.Drop });
            Assert.All(windows, w => Assert.Equal(["HOOT", "SWEE", "TRIL"], w.Labels));
        }

        Assert.Equal(fromTables, csv.Count);
        Assert.Contains("detections", output.ToString());
        Directory.Delete(root, true);
    }
}
