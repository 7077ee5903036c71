using System.Globalization;
using System.Text;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Tracking;
using FineTuneDomains.Core.Training.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>
/// The learning-rate range test (Smith; fastai's lr_find): trains from the experiment's starting point
/// with an exponentially growing learning rate, records the loss, and suggests a rate. Layer groups keep
/// the ratios of their base rates, and frozen groups stay frozen as at epoch 0.
/// </summary>
public static class LearningRateFinder
{
    /// <summary>Result: the sweep, the suggestion and where the plot and CSV were written.</summary>
    public sealed record Result(IReadOnlyList<double> LearningRates, IReadOnlyList<double> Losses, LearningRateSuggestion Suggestion, string PlotPath, string CsvPath);

    public static Result Run(Experiment experiment, IDomainPlugin plugin, string outputDirectory, double start, double end, int steps, ITrainingObserver observer)
    {
        if (!(start > 0 && end > start)) throw new UserErrorException($"lr-find: --start {start} and --end {end} must satisfy 0 < start < end");
        if (steps < 10) throw new UserErrorException("lr-find: --steps must be at least 10");
        var manifest = DatasetManifest.Load(experiment.Data.GetString("manifest"));
        using var train = plugin.OpenDataset(manifest, experiment.Data.GetString("train_split"), new DataContext(experiment.DataOptions, true, experiment.Task));
        var built = ModelBuilder.Build(experiment, plugin, train.Classes, train.InputChannels);
        using var model = built.Model;
        built.Groups.Configure(experiment.Finetune);
        var device = FineTuneRun.PickDevice(experiment.Device);
        model.to(device);
        var (optimizer, groups) = OptimizerBuilder.Build(built.Groups, experiment.Optimizer);
        using var _ = optimizer;
        double headLr = built.Groups.BaseLearningRate(built.Groups.Names[^1]);
        var loader = FineTuneRun.TrainingLoader(experiment, plugin, train);
        var rates = LearningRateRangeTest.ExponentialSweep(start, end, steps);
        var lrs = new List<double>();
        var losses = new List<double>();
        double best = double.PositiveInfinity;
        model.train();
        built.Groups.Apply(true);
        observer.EpochStarted(0, 1, steps, 0);
        int epoch = 0, i = 0;
        while (i < steps)
        {
            foreach (var batch in loader.Epoch(epoch, experiment.Train.GetInt("workers"), experiment.Train.GetInt("prefetch")))
            {
                using var scope = NewDisposeScope();
                using var b = batch.To(device);
                batch.Dispose();
                if (i >= steps) continue;
                foreach (var g in groups) g.ParamGroup.LearningRate = rates[i] * built.Groups.BaseLearningRate(g.LayerGroup) / headLr;
                manual_seed(ManifestBuilder.StableSeed(experiment.Seed, $"lrfind:{i}"));
                using var output = model.call(b.Input);
                using var loss = built.Head.Loss(output, b);
                double value = loss.item<float>();
                loss.backward();
                optimizer.step();
                optimizer.zero_grad();
                lrs.Add(rates[i]);
                losses.Add(value);
                i++;
                observer.BatchDone(i, value, 0);
                var smoothed = LearningRateRangeTest.Smooth(losses);
                best = Math.Min(best, smoothed[^1]);
                if (!double.IsFinite(value) || LearningRateRangeTest.HasDiverged(smoothed[^1], best)) { i = steps; }
            }
            epoch++;
        }
        int finite = losses.FindIndex(l => !double.IsFinite(l));
        if (finite >= 0) { lrs.RemoveRange(finite, lrs.Count - finite); losses.RemoveRange(finite, losses.Count - finite); }
        if (lrs.Count < 10) throw new UserErrorException($"lr-find: the loss diverged after {lrs.Count} steps; lower --start");
        var suggestion = LearningRateRangeTest.Suggest(lrs, losses);
        Directory.CreateDirectory(outputDirectory);
        var plot = Path.Combine(outputDirectory, "lr_find.png");
        Plots.Lines(plot, $"LR range test — steepest {suggestion.Steepest:G2}, min/10 {suggestion.MinimumOverTen:G2}", "log10(learning rate)", "loss",
        [
            new Plots.Series("loss", lrs.Select(Math.Log10).ToList(), losses),
            new Plots.Series("smoothed", lrs.Select(Math.Log10).ToList(), suggestion.SmoothedLosses),
            new Plots.Series("suggested (steepest)", [Math.Log10(suggestion.Steepest)], [suggestion.SmoothedLosses[Math.Max(0, lrs.FindIndex(l => l >= suggestion.Steepest))]], true),
        ]);
        var csv = Path.Combine(outputDirectory, "lr_find.csv");
        var sb = new StringBuilder("lr,loss,smoothed\n");
        for (int k = 0; k < lrs.Count; k++)
            sb.Append(lrs[k].ToString("G6", CultureInfo.InvariantCulture)).Append(',').Append(losses[k].ToString("G6", CultureInfo.InvariantCulture)).Append(',')
              .Append(suggestion.SmoothedLosses[k].ToString("G6", CultureInfo.InvariantCulture)).Append('\n');
        AtomicFile.WriteAllText(csv, sb.ToString());
        return new Result(lrs, losses, suggestion, plot, csv);
    }
}
