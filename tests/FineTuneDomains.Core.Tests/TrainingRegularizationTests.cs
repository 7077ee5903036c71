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
