using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using Spectre.Console;

namespace FineTuneDomains.Host.Commands;

/// <summary><c>ftd data build|verify|stats</c>: dataset manifests.</summary>
internal static class DataCommand
{
    public static Command Create(HostContext ctx)
    {
        var data = new Command("data", "Build, verify and summarise dataset manifests.");
        data.Subcommands.Add(Build(ctx));
        data.Subcommands.Add(Verify(ctx));
        data.Subcommands.Add(Stats(ctx));
        return data;
    }

    private static Command Build(HostContext ctx)
    {
        var pluginId = new Argument<string>("plugin-id") { Description = "Plugin that reads the files (see `ftd plugins list`)." };
        var source = new Argument<string>("folder-or-csv") { Description = "A folder of class folders (optionally under train/ val/ test/), or a CSV path,label[,split] with paths relative to it." };
        var output = new Option<string>("--out", "-o") { Description = "Manifest to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the stratified split.", DefaultValueFactory = _ => 42 };
        var val = new Option<double>("--val") { Description = "Fraction of each class for validation.", DefaultValueFactory = _ => 0.15 };
        var test = new Option<double>("--test") { Description = "Fraction of each class for testing.", DefaultValueFactory = _ => 0.15 };
        var name = new Option<string?>("--name") { Description = "Dataset name (default: the folder or CSV name)." };
        var licence = new Option<string>("--licence") { Description = "Licence of the data.", DefaultValueFactory = _ => "unspecified" };
        var cmd = new Command("build", "Build a manifest (relative paths, labels, splits, SHA-256) from a folder tree or a CSV.")
            { pluginId, source, output, seed, val, test, name, licence };
        cmd.SetAction(parse =>
        {
            var v = parse.GetValue(val);
            var t = parse.GetValue(test);
            if (v < 0 || t < 0 || v + t >= 1) throw new UserErrorException($"--val {v} and --test {t} must be ≥ 0 and leave room for training");
            var plugin = ctx.Catalog.Get(parse.GetValue(pluginId)!).Plugin;
            var manifest = ManifestBuilder.Build(plugin, ctx.Services.Resolve(parse.GetValue(source)!), ctx.Services.Resolve(parse.GetValue(output)!),
                new SplitOptions(parse.GetValue(seed), v, t), parse.GetValue(name), parse.GetValue(licence)!);
            ctx.Console.WriteLine($"Wrote {manifest.SourcePath}: {manifest.Items.Count} items, {manifest.Classes.Count} classes.");
            PrintCounts(ctx, manifest);
            return FtdApp.Ok;
        });
        return cmd;
    }

    private static Command Verify(HostContext ctx)
    {
        var path = new Argument<string>("manifest") { Description = "Manifest to check." };
        var noDecode = new Option<bool>("--hashes-only") { Description = "Check existence and SHA-256 only, do not decode files." };
        var cmd = new Command("verify", "Check every file's SHA-256, missing files, files the plugin cannot decode, the label set and split counts.") { path, noDecode };
        cmd.SetAction(parse =>
        {
            var manifest = DatasetManifest.Load(ctx.Services.Resolve(parse.GetValue(path)!));
            var plugin = ctx.Catalog.Get(manifest.Plugin).Plugin;
            VerificationReport report = null!;
            Progress.Run(ctx.Console, $"Verifying {manifest.Name}", (task) =>
                report = ManifestVerifier.Verify(manifest, plugin, decode: !parse.GetValue(noDecode), (done, total) => task(done, total)));
            foreach (var p in report.FileProblems) Console.Error.WriteLine($"{manifest.Resolve(p.Path)}: {p.Problem}");
            foreach (var p in report.SplitProblems) Console.Error.WriteLine($"{manifest.SourcePath}: {p}");
            if (!report.Ok)
            {
                Console.Error.WriteLine($"error: {manifest.SourcePath}: {report.FileProblems.Count} file problem(s), {report.SplitProblems.Count} split problem(s) in {report.FilesChecked} files");
                return FtdApp.UserError;
            }
            ctx.Console.WriteLine($"OK: {report.FilesChecked} files match their hashes" + (parse.GetValue(noDecode) ? "." : " and decode."));
            PrintCounts(ctx, manifest);
            return FtdApp.Ok;
        });
        return cmd;
    }

    private static Command Stats(HostContext ctx)
    {
        var path = new Argument<string>("manifest") { Description = "Manifest to summarise." };
        var cmd = new Command("stats", "Print item counts per class and split.") { path };
        cmd.SetAction(parse =>
        {
            var manifest = DatasetManifest.Load(ctx.Services.Resolve(parse.GetValue(path)!));
            ctx.Console.WriteLine($"{manifest.Name} ({manifest.Plugin}): {manifest.Items.Count} items, {manifest.Items.Select(i => i.Path).Distinct().Count()} files, licence {manifest.Licence}");
            PrintCounts(ctx, manifest);
            return FtdApp.Ok;
        });
        return cmd;
    }

    internal static void PrintCounts(HostContext ctx, DatasetManifest manifest)
    {
        var counts = ManifestVerifier.Counts(manifest);
        var splits = manifest.SplitNames();
        var classes = manifest.Classes.Concat(counts.Values.SelectMany(c => c.Keys)).Distinct().ToList();
        var table = new Table().AddColumn("class");
        foreach (var s in splits) table.AddColumn(new TableColumn(s).RightAligned());
        table.AddColumn(new TableColumn("total").RightAligned());
        foreach (var c in classes)
        {
            var row = new List<string> { Markup.Escape(c) };
            int total = 0;
            foreach (var s in splits)
            {
                var n = counts.TryGetValue(s, out var pc) ? pc.GetValueOrDefault(c) : 0;
                total += n;
                row.Add(n.ToString());
            }
            row.Add(total.ToString());
            table.AddRow(row.ToArray());
        }
        var totals = new List<string> { "all items" };
        foreach (var s in splits) totals.Add(manifest.Items.Count(i => i.Split == s).ToString());
        totals.Add(manifest.Items.Count.ToString());
        table.AddRow(totals.ToArray());
        ctx.Console.Write(table);
    }
}
