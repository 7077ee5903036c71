using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Tracking;
using FineTuneDomains.Core.Training;
using Spectre.Console;

namespace FineTuneDomains.Host.Commands;

/// <summary>train, eval, predict, report, reproduce, lr-find.</summary>
internal static class TrainingCommands
{
    public static IEnumerable<Command> Create(HostContext ctx) =>
        [Train(ctx), Eval(ctx), Predict(ctx), Report(ctx), Reproduce(ctx), LrFind.Create(ctx)];

    internal static Option<string[]> SetOption() => new("--set")
    {
        Description = "Override an experiment field: path.to.key=value (repeatable), e.g. --set train.epochs=3.",
        AllowMultipleArgumentsPerToken = false,
    };

    internal static Option<string> RunsOption() => new("--runs")
    {
        Description = "Folder that holds run folders.",
        DefaultValueFactory = _ => "runs",
    };

    internal static Experiment LoadExperiment(HostContext ctx, string path, string[]? sets)
    {
        var loader = new ExperimentLoader(ctx.Catalog.Find, ctx.Catalog.Plugins.Select(p => p.Plugin.Id).ToList());
        return loader.Load(ctx.Services.Resolve(path), sets);
    }

    /// <summary>
    /// Runs the experiment's <c>data.generate</c> command (from the experiment's folder) when its manifest
    /// does not exist yet, so a generated data set appears on first use.
    /// </summary>
    internal static void EnsureData(HostContext ctx, Experiment experiment)
    {
        var manifest = experiment.Data.GetString("manifest");
        if (File.Exists(manifest)) return;
        var generate = experiment.Data.GetStringOrNull("generate");
        if (generate is null) throw new UserErrorException($"{manifest}: manifest not found (and the experiment has no data.generate command)");
        var args = SplitCommandLine(generate);
        if (args.Count > 0 && args[0] == "ftd") args.RemoveAt(0);
        var folder = Path.GetDirectoryName(experiment.SourcePath) ?? Environment.CurrentDirectory;
        var previous = ctx.Services.WorkingDirectory;
        ctx.Console.WriteLine($"{Path.GetFileName(manifest)} not found: generating it with `ftd {generate}` (in {folder})");
        int code;
        try
        {
            ctx.Services.WorkingDirectory = folder;
            code = ctx.Invoke(args.ToArray());
        }
        finally
        {
            ctx.Services.WorkingDirectory = previous;
        }
        if (code != 0 || !File.Exists(manifest))
            throw new UserErrorException($"data.generate `ftd {generate}` did not write {manifest}");
    }

    internal static List<string> SplitCommandLine(string text)
    {
        var args = new List<string>();
        var cur = new System.Text.StringBuilder();
        char? quote = null;
        bool any = false;
        foreach (var c in text)
        {
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else cur.Append(c);
            }
            else if (c is '"' or '\'') { quote = c; any = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (cur.Length > 0 || any) { args.Add(cur.ToString()); cur.Clear(); any = false; }
            }
            else cur.Append(c);
        }
        if (cur.Length > 0 || any) args.Add(cur.ToString());
        return args;
    }

    private static Command Train(HostContext ctx)
    {
        var experiment = new Argument<string?>("experiment") { Description = "Experiment file (YAML or JSON).", Arity = ArgumentArity.ZeroOrOne };
        var sets = SetOption();
        var runs = RunsOption();
        var resume = new Option<string?>("--resume") { Description = "Resume this run folder from its last checkpoint (the experiment comes from its lock file)." };
        var allowChanged = new Option<bool>("--allow-changed-data") { Description = "Train even if data files no longer match the manifest's hashes (recorded in the lock file)." };
        var cmd = new Command("train", "Fine-tune a pretrained model as an experiment describes; writes a run folder (lock, metrics, checkpoints, TensorBoard, plots, report).")
            { experiment, sets, runs, resume, allowChanged };
        cmd.SetAction((parse, cancel) =>
        {
            ctx.WarnAboutFailures();
            var options = new RunOptions { RunsRoot = ctx.Services.Resolve(parse.GetValue(runs)!), AllowChangedData = parse.GetValue(allowChanged) };
            RunSummary summary;
            using var observer = new ConsoleObserver(ctx.Console);
            if (parse.GetValue(resume) is { } resumePath)
            {
                if (parse.GetValue(experiment) is not null || parse.GetValue(sets) is { Length: > 0 })
                    throw new UserErrorException("--resume takes the experiment from the run's lock file; do not give an experiment file or --set");
                var folder = RunFolder.Open(ctx.Services.Resolve(resumePath));
                var exp = LoadExperiment(ctx, folder.LockFile, null);
                var plugin = ctx.Catalog.Get(exp.PluginId).Plugin;
                using var run = FineTuneRun.Resume(folder, exp, plugin, options with { Versions = Versions(ctx, exp.PluginId) }, observer);
                summary = run.Train(cancel);
            }
            else
            {
                var path = parse.GetValue(experiment) ?? throw new UserErrorException("give an experiment file, or --resume <run>");
                var exp = LoadExperiment(ctx, path, parse.GetValue(sets));
                var plugin = ctx.Catalog.Get(exp.PluginId).Plugin;
                EnsureData(ctx, exp);
                using var run = FineTuneRun.Start(exp, plugin, options with { Versions = Versions(ctx, exp.PluginId), OriginalText = File.ReadAllText(ctx.Services.Resolve(path)) }, observer);
                observer.Message($"run folder: {run.Folder.Path}");
                summary = run.Train(cancel);
            }
            observer.Dispose();
            PrintSummary(ctx, summary);
            return Task.FromResult(FtdApp.Ok);
        });
        return cmd;
    }

    internal static Dictionary<string, string> Versions(HostContext ctx, string pluginId) => new()
    {
        ["ftd"] = typeof(FtdApp).Assembly.GetName().Version?.ToString() ?? "?",
        ["plugin_folder"] = ctx.Catalog.Get(pluginId).Folder,
    };

    internal static void PrintSummary(HostContext ctx, RunSummary summary)
    {
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (k, v) in summary.Metrics.Where(kv => kv.Key.StartsWith("test/") || kv.Key.StartsWith("val/") || kv.Key.StartsWith("forgetting/")))
            table.AddRow(Markup.Escape(k), v.ToString("G5", CultureInfo.InvariantCulture));
        ctx.Console.Write(table);
        ctx.Console.WriteLine($"best {summary.Monitor} = {summary.BestValue?.ToString("F4", CultureInfo.InvariantCulture) ?? "–"} at epoch {summary.BestEpoch}; report: {Path.Combine(summary.RunFolder, "report.md")}");
    }

    private static Command Eval(HostContext ctx)
    {
        var model = new Argument<string>("run-or-checkpoint") { Description = "A run folder (its best checkpoint) or a checkpoint inside one." };
        var data = new Option<string>("--data") { Description = "Manifest to evaluate on.", Required = true };
        var split = new Option<string>("--split") { Description = "Split of the manifest.", DefaultValueFactory = _ => "test" };
        var output = new Option<string?>("--out") { Description = "Write metrics (JSON) and predictions (CSV) with this path prefix." };
        var cmd = new Command("eval", "Evaluate a trained model on a manifest split with the plugin's metrics.") { model, data, split, output };
        cmd.SetAction(parse =>
        {
            var manifest = DatasetManifest.Load(ctx.Services.Resolve(parse.GetValue(data)!));
            var plugin = ctx.Catalog.Get(manifest.Plugin).Plugin;
            using var trained = TrainedModel.Load(ctx.Services.Resolve(parse.GetValue(model)!), plugin);
            var splitName = parse.GetValue(split)!;
            if (!manifest.Items.Any(i => i.Split == splitName))
                throw new UserErrorException($"{manifest.SourcePath}: no items in split '{splitName}' (it has {string.Join(", ", manifest.SplitNames())})");
            using var set = plugin.OpenDataset(manifest, splitName, new DataContext(trained.Experiment.DataOptions, false, trained.Experiment.Task));
            var (metrics, evaluator) = trained.Evaluate(plugin, set, splitName);
            var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
            foreach (var (k, v) in metrics) table.AddRow(Markup.Escape(k), v.ToString("G5", CultureInfo.InvariantCulture));
            ctx.Console.Write(table);
            if (parse.GetValue(output) is { } prefix)
            {
                var p = ctx.Services.Resolve(prefix);
                AtomicFile.WriteAllText(p + ".metrics.json", JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }));
                AtomicFile.WriteAllText(p + ".predictions.csv", PredictionsFile.Format(evaluator, set, trained.Classes));
                ctx.Console.WriteLine($"wrote {p}.metrics.json and {p}.predictions.csv");
            }
            return FtdApp.Ok;
        });
        return cmd;
    }

    private static Command Predict(HostContext ctx)
    {
        var model = new Argument<string>("run-or-checkpoint") { Description = "A run folder or a checkpoint inside one." };
        var files = new Argument<string[]>("files") { Description = "Files (or folders) to predict.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Write predictions to this CSV instead of the console." };
        var cmd = new Command("predict", "Predict labels for files with a trained model.") { model, files, output };
        cmd.SetAction(parse =>
        {
            var runPath = ctx.Services.Resolve(parse.GetValue(model)!);
            var folder = Directory.Exists(runPath) ? RunFolder.Open(runPath) : RunFolder.Open(Path.GetDirectoryName(Path.GetDirectoryName(runPath)!)!);
            var pluginId = Checkpoint.ReadState(File.Exists(runPath) ? runPath : File.Exists(folder.BestCheckpoint) ? folder.BestCheckpoint : folder.LastCheckpoint).Plugin;
            var plugin = ctx.Catalog.Get(pluginId).Plugin;
            using var trained = TrainedModel.Load(runPath, plugin);
            var paths = new List<string>();
            foreach (var f in parse.GetValue(files)!)
            {
                var full = ctx.Services.Resolve(f);
                if (Directory.Exists(full)) paths.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Where(plugin.AcceptsFile).OrderBy(p => p, StringComparer.Ordinal));
                else if (File.Exists(full)) paths.Add(full);
                else throw new UserErrorException($"{f}: no such file or folder");
            }
            if (paths.Count == 0) throw new UserErrorException("no files to predict");
            foreach (var p in paths) plugin.CheckFile(p);
            var manifest = new DatasetManifest
            {
                Name = "predict",
                Plugin = plugin.Id,
                Classes = trained.Classes,
                Items = paths.Select(p => new ManifestItem { Path = p.TrimStart('/'), Split = "predict", Sha256 = "" }).ToList(),
                BaseDirectory = "/",
            };
            using var set = plugin.OpenDataset(manifest, "predict", new DataContext(trained.Experiment.DataOptions, false, trained.Experiment.Task));
            var (_, evaluator) = trained.Evaluate(plugin, set, "predict", labelled: false);
            var csv = PredictionsFile.Format(evaluator, set, trained.Classes);
            if (parse.GetValue(output) is { } outPath)
            {
                AtomicFile.WriteAllText(ctx.Services.Resolve(outPath), csv);
                ctx.Console.WriteLine($"wrote {evaluator.Predictions.Count} predictions to {ctx.Services.Resolve(outPath)}");
            }
            else
            {
                var table = new Table().AddColumn("file").AddColumn("predicted");
                foreach (var r in evaluator.Predictions) table.AddRow(Markup.Escape("/" + set.Item(r.Index).Path), Markup.Escape(r.Predicted));
                ctx.Console.Write(table);
            }
            return FtdApp.Ok;
        });
        return cmd;
    }

    private static Command Report(HostContext ctx)
    {
        var runArg = new Argument<string>("run") { Description = "Run folder." };
        var cmd = new Command("report", "Print a run's summary and remake its plots and report.md from its records.") { runArg };
        cmd.SetAction(parse =>
        {
            var folder = RunFolder.Open(ctx.Services.Resolve(parse.GetValue(runArg)!));
            var exp = LoadExperiment(ctx, folder.LockFile, null);
            var plugin = ctx.Catalog.Get(exp.PluginId).Plugin;
            var manifest = DatasetManifest.Load(exp.Data.GetString("manifest"));
            var state = Checkpoint.ReadState(File.Exists(folder.BestCheckpoint) ? folder.BestCheckpoint : folder.LastCheckpoint);
            RunRecords.WritePlots(folder, state.Groups.Keys.ToList(), state.Classes);
            if (File.Exists(folder.SummaryFile))
            {
                var summary = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(folder.SummaryFile))!;
                RunRecords.WriteReport(folder, exp, manifest, plugin, summary, []);
                PrintSummary(ctx, summary);
            }
            else
            {
                var epochs = MetricsLog.Read(folder.MetricsFile).Where(r => r.Kind == "epoch").ToList();
                ctx.Console.WriteLine($"{folder.Path}: unfinished run, {epochs.Count} epoch(s) recorded; plots remade. Resume with `ftd train --resume {folder.Path}`.");
            }
            ctx.Console.WriteLine($"report: {folder.ReportFile}");
            return FtdApp.Ok;
        });
        return cmd;
    }

    private static Command Reproduce(HostContext ctx)
    {
        var runArg = new Argument<string>("run") { Description = "Run folder to reproduce." };
        var runs = RunsOption();
        var tolerance = new Option<double>("--tolerance") { Description = "Largest absolute difference accepted per metric (0: identical).", DefaultValueFactory = _ => 0.0 };
        var cmd = new Command("reproduce", "Re-run an experiment from its run folder's lock file and compare the metrics.") { runArg, runs, tolerance };
        cmd.SetAction((parse, cancel) =>
        {
            var folder = RunFolder.Open(ctx.Services.Resolve(parse.GetValue(runArg)!));
            if (!File.Exists(folder.SummaryFile)) throw new UserErrorException($"{folder.Path}: the run did not finish (no summary.json); resume it with `ftd train --resume`");
            var original = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(folder.SummaryFile))!;
            var exp = LoadExperiment(ctx, folder.LockFile, null);
            var plugin = ctx.Catalog.Get(exp.PluginId).Plugin;
            using var observer = new ConsoleObserver(ctx.Console);
            var options = new RunOptions { RunsRoot = ctx.Services.Resolve(parse.GetValue(runs)!), Versions = Versions(ctx, exp.PluginId), ReproduceOf = folder.Path };
            RunSummary again;
            using (var run = FineTuneRun.Start(exp, plugin, options, observer))
            {
                observer.Message($"reproducing {folder.Path} in {run.Folder.Path}");
                again = run.Train(cancel);
            }
            observer.Dispose();
            double tol = parse.GetValue(tolerance);
            var table = new Table().AddColumns("metric", "original", "reproduced", "difference");
            int differing = 0;
            foreach (var (k, v) in original.Metrics)
            {
                var r = again.Metrics.GetValueOrDefault(k, double.NaN);
                var diff = Math.Abs(r - v);
                bool same = diff <= tol || (double.IsNaN(r) && double.IsNaN(v));
                if (!same) differing++;
                table.AddRow(Markup.Escape(k), v.ToString("G9", CultureInfo.InvariantCulture), r.ToString("G9", CultureInfo.InvariantCulture),
                    same ? "[green]same[/]" : $"[red]{diff:G3}[/]");
            }
            ctx.Console.Write(table);
            if (differing > 0)
            {
                Console.Error.WriteLine($"error: {differing} metric(s) differ from the original run by more than {tol} (new run: {again.RunFolder})");
                return Task.FromResult(FtdApp.UserError);
            }
            ctx.Console.WriteLine($"reproduced: all {original.Metrics.Count} metrics match{(tol > 0 ? $" within {tol}" : " exactly")} (new run: {again.RunFolder})");
            return Task.FromResult(FtdApp.Ok);
        });
        return cmd;
    }
}
