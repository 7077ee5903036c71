using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Training;
using FineTuneDomains.Plugins.Shapes;

namespace FineTuneDomains.Core.Tests;

/// <summary>A small synthetic shapes data set (made once per test class) and helpers to run experiments on it.</summary>
public sealed class TrainingFixture : IDisposable
{
    public TrainingFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "ftd-core-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Plugin = new ShapesPlugin();
        Manifest = ShapesPlugin.Synthesize(Plugin, Path.Combine(Root, "data"), seed: 3, perClass: 12, size: 16);
    }

    public string Root { get; }
    public ShapesPlugin Plugin { get; }
    public DatasetManifest Manifest { get; }

    /// <summary>An experiment on the shapes set with a small CNN; <paramref name="extra"/> is appended YAML.</summary>
    public Experiment Experiment(string extra = "", params string[] sets)
    {
        var text = $$"""
            plugin: shapes
            seed: 5
            device: cpu
            data:
              manifest: {{Manifest.SourcePath}}
              options: {size: 16}
            model: {backbone: small_cnn, pretrained: none}
            train: {epochs: 2, batch_size: 8, workers: 1}
            checkpoints: {keep: 0}
            """;
        text = Merge(text, extra);
        var description = Plugin.Describe();
        var path = Path.Combine(Root, $"exp-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return new ExperimentLoader(id => id == "shapes" ? description : null, ["shapes"]).Load(path, sets);
    }

    /// <summary>Top-level sections of <paramref name="extra"/> replace those of <paramref name="baseText"/>.</summary>
    private static string Merge(string baseText, string extra)
    {
        var baseDoc = new YamlDotNet.RepresentationModel.YamlStream();
        baseDoc.Load(new StringReader(baseText));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)baseDoc.Documents[0].RootNode;
        if (extra.Trim().Length > 0)
        {
            var extraDoc = new YamlDotNet.RepresentationModel.YamlStream();
            extraDoc.Load(new StringReader(extra));
            foreach (var (k, v) in ((YamlDotNet.RepresentationModel.YamlMappingNode)extraDoc.Documents[0].RootNode).Children) root.Children[k] = v;
        }
        var w = new StringWriter();
        baseDoc.Save(w, assignAnchors: false);
        return w.ToString().Replace("...", "");
    }

    public RunOptions Options() => new() { RunsRoot = Path.Combine(Root, "runs") };

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Collects observer output (tests read the messages).</summary>
public sealed class RecordingObserver : ITrainingObserver
{
    public List<string> Messages { get; } = [];
    public void EpochStarted(int epoch, int epochs, int batches, int startBatch) { }
    public void BatchDone(int batch, double loss, double samplesPerSecond) { }
    public void Phase(string? description) { }
    public void Message(string text) => Messages.Add(text);
}
