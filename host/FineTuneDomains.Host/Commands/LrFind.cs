using System.CommandLine;
using System.Globalization;
using FineTuneDomains.Core.Training;
using Spectre.Console;

namespace FineTuneDomains.Host.Commands;

/// <summary><c>ftd lr-find &lt;experiment&gt;</c>: the learning-rate range test.</summary>
internal static class LrFind
{
    public static Command Create(HostContext ctx)
    {
        var experiment = new Argument<string>("experiment") { Description = "Experiment file." };
        var sets = TrainingCommands.SetOption();
        var start = new Option<double>("--start") { Description = "First learning rate.", DefaultValueFactory = _ => 1e-7 };
        var end = new Option<double>("--end") { Description = "Last learning rate.", DefaultValueFactory = _ => 10 };
        var steps = new Option<int>("--steps") { Description = "Steps of the sweep.", DefaultValueFactory = _ => 100 };
        var output = new Option<string?>("--out") { Description = "Folder for lr_find.png and lr_find.csv (default: runs/<experiment>/lr-find-<time>)." };
        var runs = TrainingCommands.RunsOption();
        var cmd = new Command("lr-find", "Run the learning-rate range test, save its plot and suggest a learning rate.") { experiment, sets, start, end, steps, output, runs };
        cmd.SetAction(parse =>
        {
            var exp = TrainingCommands.LoadExperiment(ctx, parse.GetValue(experiment)!, parse.GetValue(sets));
            var plugin = ctx.Catalog.Get(exp.PluginId).Plugin;
            TrainingCommands.EnsureData(ctx, exp);
            var dir = parse.GetValue(output) is { } o ? ctx.Services.Resolve(o)
                : Path.Combine(ctx.Services.Resolve(parse.GetValue(runs)!), exp.Name, $"lr-find-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            using var observer = new ConsoleObserver(ctx.Console);
            var result = LearningRateFinder.Run(exp, plugin, dir, parse.GetValue(start), parse.GetValue(end), parse.GetValue(steps), observer);
            observer.Dispose();
            var s = result.Suggestion;
            ctx.Console.WriteLine($"suggested learning rate: {s.Steepest.ToString("G2", CultureInfo.InvariantCulture)} (steepest descent); {s.MinimumOverTen.ToString("G2", CultureInfo.InvariantCulture)} (minimum/10); loss was lowest at {s.MinimumLoss.ToString("G2", CultureInfo.InvariantCulture)}");
            ctx.Console.WriteLine($"plot: {result.PlotPath}; data: {result.CsvPath}");
            ctx.Console.WriteLine($"use it with: --set finetune.lr={s.Steepest.ToString("G2", CultureInfo.InvariantCulture)}");
            return FtdApp.Ok;
        });
        return cmd;
    }
}
