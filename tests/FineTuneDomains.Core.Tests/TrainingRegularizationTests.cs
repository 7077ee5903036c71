using FineTuneDomains.Core.Tracking;
using FineTuneDomains.Core.Training;

namespace FineTuneDomains.Core.Tests;

[Collection("torch")]
public sealed class TrainingRegularizationTests(TrainingFixture data) : IClassFixture<TrainingFixture>
{
    [Fact]
    public void EarlyStopping_NoImprovement_StopsAfterPatienceEpochs()
    {
        // lr 0 cannot improve anything after the first epoch.
        var exp = data.Experiment("finetune: {lr: 0.0, bn: {default: freeze_stats}}\ntrain: {epochs: 6, batch_size: 8, workers: 0, early_stopping: {patience: 2}}\neval: {monitor: val/loss}");
        var observer = new RecordingObserver();
        using var run = FineTuneRun.Start(exp, data.Plugin, data.Options(), observer);
        var summary = run.Train();
        Assert.True(summary.StoppedEarly);
        Assert.Equal(3, summary.Metrics["epochs_run"]);
        Assert.Contains(observer.Messages, m => m.StartsWith("early stopping after epoch 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Retain_ScoredBeforeAndAfter_ReportedAsForgetting_WithEwc()
    {
        var exp = data.Experiment($"data: {{manifest: {data.Manifest.SourcePath}, retain: {data.Manifest.SourcePath}, retain_split: test, options: {{size: 16}}}}\nregularization: {{ewc: 10.0, ewc_batches: 2, l2sp: 0.01}}\nfinetune: {{lr: 0.01}}");
        using var run = FineTuneRun.Start(exp, data.Plugin, data.Options(), new RecordingObserver());
        var summary = run.Train();
        Assert.Contains("retain/accuracy", summary.Metrics.Keys);
        Assert.Contains("retain_before/accuracy", summary.Metrics.Keys);
        Assert.Equal(summary.Metrics["retain_before/accuracy"] - summary.Metrics["retain/accuracy"], summary.Metrics["forgetting/accuracy"], 12);
        Assert.Contains("## Retained knowledge", File.ReadAllText(run.Folder.ReportFile));
        var steps = MetricsLog.Read(run.Folder.MetricsFile).Where(r => r.Kind == "step").ToList();
        Assert.Contains(steps, r => r.Values.TryGetValue("train/penalty", out var p) && p > 0);
    }

    [Fact]
    public void Ewc_WithoutRetainSet_IsUserError()
    {
        var exp = data.Experiment("regularization: {ewc: 1.0}");
        var e = Assert.Throws<UserErrorException>(() => FineTuneRun.Start(exp, data.Plugin, data.Options(), new RecordingObserver()));
        Assert.Contains("data.retain", e.Message);
    }

    [Fact]
    public void GradientAccumulation_StepsCountOptimiserSteps()
    {
        var exp = data.Experiment("train: {epochs: 1, batch_size: 4, accumulate: 3, workers: 0}");
        using var run = FineTuneRun.Start(exp, data.Plugin, data.Options(), new RecordingObserver());
        var summary = run.Train();
        int train = data.Manifest.Items.Count(i => i.Split == "train");
        Assert.Equal(Math.Ceiling(train / 4 / 3.0), summary.Metrics["global_steps"]);
    }

    [Fact]
    public void LrFinder_SweepsAndSuggestsARateInsideTheRange()
    {
        var exp = data.Experiment("train: {epochs: 1, batch_size: 8, workers: 0}");
        var dir = Path.Combine(data.Root, "lrfind");
        var result = LearningRateFinder.Run(exp, data.Plugin, dir, 1e-5, 1, 30, new RecordingObserver());
        Assert.True(result.Suggestion.Steepest is > 1e-5 and < 1);
        Assert.True(File.Exists(result.PlotPath));
        Assert.Equal(result.LearningRates.Count + 1, File.ReadAllLines(result.CsvPath).Length);
    }
}

[Collection("torch")]
public sealed class TrainingOptimizerTests(TrainingFixture data) : IClassFixture<TrainingFixture>
{
    [Fact]
    public void Optimizer_BiasesAndNormWeights_GetNoWeightDecay()
    {
        var exp = data.Experiment("optimizer: {name: adamw, weight_decay: 0.05}");
        var built = ModelBuilder.Build(exp, data.Plugin, data.Manifest.Classes, 1);
        built.Groups.Configure(exp.Finetune);
        var (optimizer, groups) = OptimizerBuilder.Build(built.Groups, exp.Optimizer);
        using var _ = optimizer;
        foreach (var g in groups)
        {
            var decay = ((TorchSharp.Modules.AdamW.Options)g.ParamGroup.Options).weight_decay;
            Assert.Equal(g.Decay ? 0.05 : 0.0, decay);
            Assert.All(g.ParamGroup.Parameters, p => Assert.Equal(g.Decay, p.dim() > 1));
        }
        Assert.Equal(built.Model.parameters().Count(), groups.Sum(g => g.ParamGroup.Parameters.Count()));
    }

    [Fact]
    public void Train_SgdWithNesterovAndClipping_LearnsAndStaysFinite()
    {
        var exp = data.Experiment("optimizer: {name: sgd, momentum: 0.9, nesterov: true}\nregularization: {grad_clip: 1.0, label_smoothing: 0.1, cutmix: 1.0}\nfinetune: {lr: 0.05}\nschedule: {name: step, step_size: 1, gamma: 0.5}");
        using var run = FineTuneRun.Start(exp, data.Plugin, data.Options(), new RecordingObserver());
        var summary = run.Train();
        var steps = MetricsLog.Read(run.Folder.MetricsFile).Where(r => r.Kind == "step").ToList();
        Assert.All(steps, r => Assert.True(double.IsFinite(r.Values["train/loss"])));
        // step schedule per epoch: epoch 1 runs at half the rate of epoch 0
        Assert.Equal(0.05, steps.First(r => r.Epoch == 0).Values["lr/head"], 12);
        Assert.Equal(0.025, steps.First(r => r.Epoch == 1).Values["lr/head"], 12);
        Assert.True(summary.Metrics.ContainsKey("test/accuracy"));
    }
}
