using System.Globalization;
using System.Text;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Training;

namespace FineTuneDomains.Core.Tracking;

/// <summary>Plots and <c>report.md</c> of a run folder, made from its metrics and predictions files.</summary>
public static class RunRecords
{
    /// <summary>Writes loss, metric, learning-rate and (with classes) confusion-matrix plots from <c>metrics.jsonl</c>.</summary>
    public static void WritePlots(RunFolder run, IReadOnlyList<string> groups, IReadOnlyList<string>? classes = null)
    {
        var records = MetricsLog.Read(run.MetricsFile);
        var steps = records.Where(r => r.Kind == "step").ToList();
        var epochs = records.Where(r => r.Kind == "epoch").ToList();
        double stepsPerEpoch = epochs.Count > 0 && epochs[0].Step > 0 ? epochs[0].Step / (double)(epochs[0].Epoch + 1) : 1;
        Plots.Lines(Path.Combine(run.PlotDirectory, "loss.png"), "Loss", "epoch", "loss",
        [
            new Plots.Series("train (running mean)", steps.Select(r => r.Step / stepsPerEpoch).ToList(), steps.Select(r => r.Values.GetValueOrDefault("train/loss", double.NaN)).ToList()),
            new Plots.Series("train (epoch)", epochs.Select(r => r.Epoch + 1.0).ToList(), epochs.Select(r => r.Values.GetValueOrDefault("train/loss_epoch", double.NaN)).ToList(), true),
            new Plots.Series("val", epochs.Select(r => r.Epoch + 1.0).ToList(), epochs.Select(r => r.Values.GetValueOrDefault("val/loss", double.NaN)).ToList(), true),
        ]);
        var metricNames = epochs.SelectMany(r => r.Values.Keys).Where(k => k.StartsWith("val/", StringComparison.Ordinal) && k != "val/loss").Distinct().ToList();
        Plots.Lines(Path.Combine(run.PlotDirectory, "metrics.png"), "Validation metrics", "epoch", "value",
            metricNames.Select(m => new Plots.Series(m, epochs.Select(r => r.Epoch + 1.0).ToList(), epochs.Select(r => r.Values.GetValueOrDefault(m, double.NaN)).ToList(), true)));
        Plots.Lines(Path.Combine(run.PlotDirectory, "lr.png"), "Learning rate per layer group (0 while frozen)", "optimiser step", "learning rate",
            groups.Select(g => new Plots.Series(g, steps.Select(r => (double)r.Step).ToList(), steps.Select(r => r.Values.GetValueOrDefault("lr/" + g, double.NaN)).ToList())));
        if (classes is { Count: > 1 })
            foreach (var split in new[] { "test", "val" })
            {
                var file = run.PredictionsFile(split);
                if (!File.Exists(file)) continue;
                var counts = ConfusionFromPredictions(file, classes);
                if (counts is not null) Plots.Confusion(Path.Combine(run.PlotDirectory, $"confusion-{split}.png"), classes, counts, $"Confusion matrix, {split} (rows: true, columns: predicted)");
            }
    }

    /// <summary>Counts (reference, predicted) pairs of single-label predictions; null when labels are not classes.</summary>
    public static int[,]? ConfusionFromPredictions(string file, IReadOnlyList<string> classes)
    {
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var counts = new int[classes.Count, classes.Count];
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            var cells = ManifestBuilder.SplitCsvLine(line);
            if (cells.Count < 4) continue;
            if (!index.TryGetValue(cells[2], out var r) || !index.TryGetValue(cells[3], out var p)) return null;
            counts[r, p]++;
        }
        return counts;
    }

    /// <summary>Writes <c>report.md</c>: what ran, on which data, how it went, with the plots.</summary>
    public static void WriteReport(RunFolder run, Experiment experiment, DatasetManifest manifest, IDomainPlugin plugin, RunSummary summary, IReadOnlyList<string> loadNotes)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"# Run report: {experiment.Name}").AppendLine();
        sb.AppendLine($"- Run folder: `{run.Path}`");
        sb.AppendLine($"- Plugin: `{plugin.Id}` {plugin.Describe().Version}; task `{experiment.Task.Type}`");
        sb.AppendLine($"- Data: `{manifest.Name}` ({manifest.Items.Count} items, manifest SHA-256 `{(manifest.ManifestSha256 ?? manifest.ComputeHash())[..16]}…`, licence {manifest.Licence})");
        var m = experiment.Model;
        sb.AppendLine($"- Model: `{m.GetString("backbone")}` pretrained `{m.GetString("pretrained")}`, head dropout {m.GetDouble("head_dropout").ToString(inv)}");
        var f = experiment.Finetune;
        sb.AppendLine($"- Fine-tuning: lr {f.GetDouble("lr").ToString(inv)}, freeze_to {f["freeze_to"] ?? "–"}, freeze [{string.Join(", ", f.GetStrings("freeze"))}], unfreeze {string.Join("; ", f.GetSections("unfreeze").Select(u => $"epoch {u.GetInt("epoch")}: {string.Join(", ", u.GetStrings("groups"))}"))}");
        sb.AppendLine($"- Optimiser `{experiment.Optimizer.GetString("name")}`, schedule `{experiment.Schedule.GetString("name")}`, {experiment.Train.GetInt("epochs")} epochs × batch {experiment.Train.GetInt("batch_size")}, seed {experiment.Seed}");
        sb.AppendLine($"- Monitored `{summary.Monitor}`: best {summary.BestValue?.ToString("F4", inv) ?? "–"} at epoch {summary.BestEpoch?.ToString(inv) ?? "–"}{(summary.StoppedEarly ? " (stopped early)" : "")}");
        sb.AppendLine($"- Reproduce: `ftd reproduce {run.Path}`; lock file `experiment.lock.yaml`").AppendLine();
        foreach (var note in loadNotes) sb.AppendLine("> " + note.Replace("\n", "\n> ")).AppendLine();

        sb.AppendLine("## Final metrics (best checkpoint)").AppendLine().AppendLine("| metric | value |").AppendLine("|---|---|");
        foreach (var (k, v) in summary.Metrics) sb.AppendLine($"| {k} | {v.ToString("G6", inv)} |");
        sb.AppendLine();
        if (summary.Metrics.Keys.Any(k => k.StartsWith("forgetting/", StringComparison.Ordinal)))
        {
            sb.AppendLine("## Retained knowledge").AppendLine().AppendLine("Scores on the retain set before and after fine-tuning; forgetting = how much worse it got (positive = forgot).").AppendLine();
            sb.AppendLine("| metric | before | after | forgetting |").AppendLine("|---|---|---|---|");
            foreach (var k in summary.Metrics.Keys.Where(k => k.StartsWith("retain/", StringComparison.Ordinal)))
            {
                var name = k["retain/".Length..];
                sb.AppendLine($"| {name} | {summary.Metrics.GetValueOrDefault("retain_before/" + name).ToString("G5", inv)} | {summary.Metrics[k].ToString("G5", inv)} | {summary.Metrics.GetValueOrDefault("forgetting/" + name).ToString("G5", inv)} |");
            }
            sb.AppendLine();
        }
        var headFile = run.Combine("head.json");
        if (File.Exists(headFile))
        {
            var head = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(headFile)) ?? [];
            if (head.Count > 0)
            {
                sb.AppendLine("## Head").AppendLine().AppendLine("What the task head recorded (full values in `head.json`):").AppendLine();
                foreach (var (k, v) in head)
                {
                    var one = v.Replace("\n", " ⏎ ").Replace("\u001f", ", ").Replace("|", "\\|");
                    sb.AppendLine($"- `{k}`: {(one.Length > 400 ? one[..400] + " …" : one)}");
                }
                sb.AppendLine();
            }
        }
        var epochs = MetricsLog.Read(run.MetricsFile).Where(r => r.Kind == "epoch").ToList();
        if (epochs.Count > 0)
        {
            var cols = epochs.SelectMany(r => r.Values.Keys).Where(k => k.StartsWith("val/", StringComparison.Ordinal) || k is "train/loss_epoch" or "throughput/samples_per_second" or "time/data_wait_fraction").Distinct().Take(8).ToList();
            sb.AppendLine("## Epochs").AppendLine().AppendLine("| epoch | " + string.Join(" | ", cols) + " |").AppendLine("|---" + string.Concat(Enumerable.Repeat("|---", cols.Count)) + "|");
            foreach (var r in epochs)
                sb.AppendLine($"| {r.Epoch} | " + string.Join(" | ", cols.Select(c => r.Values.TryGetValue(c, out var v) ? v.ToString("G4", inv) : "")) + " |");
            sb.AppendLine();
        }
        sb.AppendLine("## Plots").AppendLine();
        foreach (var png in Directory.GetFiles(run.PlotDirectory, "*.png").OrderBy(p => p, StringComparer.Ordinal))
            sb.AppendLine($"![{Path.GetFileNameWithoutExtension(png)}](plots/{Path.GetFileName(png)})").AppendLine();
        sb.AppendLine("## Files").AppendLine();
        sb.AppendLine("`experiment.lock.yaml` (resolved experiment + provenance), `metrics.jsonl` (per step and epoch), `checkpoints/` (last, best, epochs; each with .sha256), `tb/` (TensorBoard), `predictions-*.csv`, `summary.json`, `head.json`.");
        AtomicFile.WriteAllText(run.ReportFile, sb.ToString());
    }
}
