using FineTuneDomains.Core.Tracking;
using FineTuneDomains.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Tests;

[Collection("torch")]
public sealed class TrainingCheckpointTests(TrainingFixture data) : IClassFixture<TrainingFixture>
{
    [Fact]
    public void TorchSharp_NativeLibraryLoadsInTheTestHost()
    {
        // The build patches libLibTorchSharp.so (GLIBCXX_3.4.32 made weak); without it this first call throws.
        using var a = torch.ones(2, 3);
        using var b = a.matmul(a.T);
        Assert.Equal(3f, b[0, 1].item<float>());
    }

    [Fact]
    public void Resume_FromEveryEpochCheckpoint_EndsWithIdenticalMetrics()
    {
        const string extra = "train: {epochs: 3, batch_size: 8, workers: 2}\nschedule: {name: one_cycle}\nfinetune: {freeze_to: -1, unfreeze: [{epoch: 1, groups: [all]}], lr: 0.01}\naugment: [{name: flip}, {name: noise, std: 0.05}]\ncheckpoints: {keep: 3}\nregularization: {mixup: 0.4, ema: 0.9}";
        RunSummary full;
        using (var run = FineTuneRun.Start(data.Experiment(extra), data.Plugin, data.Options(), new RecordingObserver()))
            full = run.Train();

        // A second run that "dies" after epoch 1: keep only its epoch-1 checkpoint as last, then resume.
        string folder;
        using (var run = FineTuneRun.Start(data.Experiment(extra), data.Plugin, data.Options(), new RecordingObserver()))
        {
            folder = run.Folder.Path;
            run.Train();
        }
        var rf = new RunFolder(folder);
        File.Copy(rf.EpochCheckpoint(1), rf.LastCheckpoint, overwrite: true);
        File.Copy(rf.EpochCheckpoint(1) + ".sha256", rf.LastCheckpoint + ".sha256", overwrite: true);
        File.WriteAllText(rf.LastCheckpoint + ".sha256", File.ReadAllText(rf.LastCheckpoint + ".sha256").Replace("epoch-0001.ckpt", "last.ckpt"));
        File.Delete(rf.SummaryFile);
        Assert.Equal(2, Checkpoint.ReadState(rf.LastCheckpoint).Epoch);

        RunSummary resumed;
        var exp = new Config.ExperimentLoader(id => data.Plugin.Describe(), ["shapes"]).Load(rf.LockFile);
        using (var run = FineTuneRun.Resume(rf, exp, data.Plugin, data.Options(), new RecordingObserver()))
            resumed = run.Train();

        foreach (var (k, v) in full.Metrics) Assert.Equal(v, resumed.Metrics[k]);
        // The metrics log keeps one record per epoch after the resume (the partial tail was set aside).
        Assert.Equal([0, 1, 2], MetricsLog.Read(rf.MetricsFile).Where(r => r.Kind == "epoch").Select(r => r.Epoch));
        Assert.NotEmpty(Directory.GetFiles(folder, "metrics.jsonl.before-resume-*"));
    }

    [Fact]
    public void Checkpoint_OneByteFlipped_IsRefusedNamingThePath()
    {
        using var run = FineTuneRun.Start(data.Experiment("train: {epochs: 1, batch_size: 8, workers: 0}"), data.Plugin, data.Options(), new RecordingObserver());
        run.Train();
        var path = run.Folder.LastCheckpoint;
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DataFormatException>(() => Checkpoint.ReadState(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt checkpoint", e.Message);
    }

    [Fact]
    public void Checkpoint_OfAnotherModel_IsRefusedNamingThePath()
    {
        string ckpt;
        using (var run = FineTuneRun.Start(data.Experiment("train: {epochs: 1, batch_size: 8, workers: 0}"), data.Plugin, data.Options(), new RecordingObserver()))
        {
            run.Train();
            ckpt = run.Folder.BestCheckpoint;
        }
        var other = ModelBuilder.Build(data.Experiment("model: {backbone: resnet18, pretrained: none}"), data.Plugin, data.Manifest.Classes, 1);
        var e = Assert.Throws<DataFormatException>(() => Checkpoint.Load(ckpt, other.Model));
        Assert.Contains(ckpt, e.Message);
    }

    [Fact]
    public void Checkpoint_RoundTrip_RestoresWeightsAndOptimiserExactly()
    {
        using var run = FineTuneRun.Start(data.Experiment("train: {epochs: 1, batch_size: 8, workers: 0}"), data.Plugin, data.Options(), new RecordingObserver());
        run.Train();
        var state = Checkpoint.ReadState(run.Folder.LastCheckpoint);
        Assert.True(state.HasOptimizer);
        var fresh = ModelBuilder.Build(data.Experiment(), data.Plugin, data.Manifest.Classes, 1);
        Checkpoint.Load(run.Folder.LastCheckpoint, fresh.Model);
        var trained = Checkpoint.ReadTensors(run.Folder.LastCheckpoint);
        foreach (var (k, t) in fresh.Model.state_dict()) Assert.True(t.eq(trained[k]).all().item<bool>(), k);
    }

    [Fact]
    public void Train_DisposeScopes_LiveTensorCountFlatAcrossEpochs()
    {
        // workers 0: every tensor of the run is made on this thread, so its live count is the whole story.
        var exp = data.Experiment("train: {epochs: 4, batch_size: 8, workers: 0}\nregularization: {l2sp: 0.01, ema: 0.9}");
        using var run = FineTuneRun.Start(exp, data.Plugin, data.Options(), new RecordingObserver());
        run.Train();
        var epochs = MetricsLog.Read(run.Folder.MetricsFile).Where(r => r.Kind == "epoch").ToList();
        var live = epochs.Select(r => r.Values["memory/main_thread_live_tensors"]).ToList();
        Assert.All(live.Skip(1), n => Assert.Equal(live[1], n));
        var mem = epochs.Select(r => r.Values["memory/working_set_mb"]).ToList();
        Assert.True(mem[^1] - mem[1] < 60, $"retained memory grew from {mem[1]:F0} MB to {mem[^1]:F0} MB");
    }
}

[Collection("torch")]
public sealed class TrainedModelTests(TrainingFixture data) : IClassFixture<TrainingFixture>
{
    [Fact]
    public void Load_ImageNetRun_RebuildsTheSameNetworkAndNormalisation_ScoresLikeTheRun()
    {
        // ImageNet's ResNet-18 is a [2,2,2,3] trunk with its own input normalisation: a restored model must be
        // built from the same source, or its weights do not fit (the bug this pins) or its inputs are scaled wrongly.
        var exp = data.Experiment("model: {backbone: resnet18, pretrained: imagenet}\ndata: {manifest: " + data.Manifest.SourcePath + ", options: {size: 32}}\ntrain: {epochs: 1, batch_size: 8, workers: 0, max_steps_per_epoch: 2}");
        RunSummary summary;
        using (var run = FineTuneRun.Start(exp, data.Plugin, data.Options(), new RecordingObserver()))
            summary = run.Train();
        using var trained = TrainedModel.Load(summary.RunFolder, data.Plugin);
        using var test = data.Plugin.OpenDataset(data.Manifest, "test", new Plugins.DataContext(trained.Experiment.DataOptions, false, trained.Experiment.Task));
        var (metrics, _) = trained.Evaluate(data.Plugin, test, "test");
        Assert.Equal(summary.Metrics["test/loss"], metrics["test/loss"], 5);
        Assert.Equal(summary.Metrics["test/accuracy"], metrics["test/accuracy"]);
    }
}

[Collection("torch")]
public sealed class BaseModelTests(TrainingFixture data) : IClassFixture<TrainingFixture>
{
    /// <summary>Shapes, but its head marks its classifier weight as set from the base (as the OCR head does for remapped alphabet rows).</summary>
    private sealed class SelfInitialisingPlugin(FineTuneDomains.Plugins.Shapes.ShapesPlugin inner) : Plugins.IDomainPlugin
    {
        public string Id => inner.Id;
        public Plugins.PluginDescription Describe() => inner.Describe();
        public bool AcceptsFile(string path) => inner.AcceptsFile(path);
        public void CheckFile(string path) => inner.CheckFile(path);
        public Data.IDataset OpenDataset(Data.DatasetManifest m, string split, Plugins.DataContext c) => inner.OpenDataset(m, split, c);
        public Plugins.Augmentation CreateAugmentation(Plugins.AugmentationSpec spec) => inner.CreateAugmentation(spec);
        public Plugins.IEvaluator CreateEvaluator(Plugins.TaskContext c) => inner.CreateEvaluator(c);
        public IEnumerable<System.CommandLine.Command> CreateCommands(Plugins.PluginServices s) => inner.CreateCommands(s);

        public Plugins.ITaskHead CreateHead(Plugins.TaskContext c)
        {
            var head = new Heads.ClassificationHead(c);
            if (!c.Metadata.ContainsKey("base.checkpoint")) return head;
            using (no_grad()) head.Module.named_parameters().Single(p => p.name == "fc.weight").parameter.fill_(0.25f);
            return new Marked(head);
        }

        private sealed class Marked(Plugins.ITaskHead head) : Plugins.ITaskHead
        {
            public nn.Module<Tensor, Tensor> Module => head.Module;
            public IReadOnlyList<Plugins.LayerGroup> Groups => head.Groups;
            public Tensor Loss(Tensor output, Data.Batch batch) => head.Loss(output, batch);
            public IReadOnlyDictionary<string, string> Metadata { get; } =
                new Dictionary<string, string>(head.Metadata) { [ModelBuilder.HeadInitialisedFromBase] = "fc.weight" };
        }
    }

    [Fact]
    public void Build_FromOwnCheckpoint_LoadsBaseTensors_ExceptThoseTheHeadSetItself()
    {
        string baseCkpt;
        using (var run = FineTuneRun.Start(data.Experiment("train: {epochs: 1, batch_size: 8, workers: 0}"), data.Plugin, data.Options(), new RecordingObserver()))
            baseCkpt = Path.Combine(run.Train().RunFolder, "checkpoints", "best.ckpt");
        var baseTensors = Checkpoint.ReadTensors(baseCkpt);
        var exp = data.Experiment($"model: {{backbone: small_cnn, pretrained: {baseCkpt}}}");

        var plain = ModelBuilder.Build(exp, data.Plugin, data.Manifest.Classes, 1).Model.state_dict();
        Assert.True(plain["head.fc.weight"].eq(baseTensors["head.fc.weight"]).all().item<bool>());
        Assert.True(plain["backbone.stem.0.weight"].eq(baseTensors["backbone.stem.0.weight"]).all().item<bool>());

        var marked = ModelBuilder.Build(exp, new SelfInitialisingPlugin(data.Plugin), data.Manifest.Classes, 1).Model.state_dict();
        Assert.True(marked["head.fc.weight"].eq(0.25f).all().item<bool>(), "the base overwrote a tensor the head had set itself");
        Assert.True(marked["head.fc.bias"].eq(baseTensors["head.fc.bias"]).all().item<bool>());
        Assert.True(marked["backbone.stem.0.weight"].eq(baseTensors["backbone.stem.0.weight"]).all().item<bool>());
    }
}
