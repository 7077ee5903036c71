using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;
using Spectre.Console;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>
/// <c>ftd wildlife-audio windows (--raven DIR | --csv FILE) --out manifest.json [--length s] [--overlap f]
/// [--min-overlap f] [--label-column NAME] [--background CLASS]</c>: a manifest of labelled windows of long
/// recordings, split by recording.
/// </summary>
internal static class WindowsCommand
{
    public static Command Create(PluginServices services)
    {
        var raven = new Option<string?>("--raven") { Description = "Folder of WAV recordings, each with its Raven table <name>.*.txt beside it (or in --tables)." };
        var tables = new Option<string?>("--tables") { Description = "Folder holding the Raven tables, if not beside the recordings." };
        var csv = new Option<string?>("--csv") { Description = "Annotation CSV path,start,end,label (paths relative to it); its recordings are the ones listed." };
        var output = new Option<string>("--out", "-o") { Description = "Manifest to write.", Required = true };
        var length = new Option<double>("--length") { Description = "Window length in seconds.", DefaultValueFactory = _ => 2.0 };
        var overlap = new Option<double>("--overlap") { Description = "Overlap of consecutive windows (fraction of the window).", DefaultValueFactory = _ => 0.0 };
        var minOverlap = new Option<double>("--min-overlap") { Description = "An event labels a window when it overlaps at least this fraction of the shorter of the two.", DefaultValueFactory = _ => 0.5 };
        var labelColumn = new Option<string>("--label-column") { Description = "Raven column holding the label.", DefaultValueFactory = _ => RavenSelectionTable.DefaultLabelColumn };
        var background = new Option<string?>("--background") { Description = "Label for windows without events (single-label tasks); default: no label." };
        var final = new Option<string>("--final") { Description = "Last incomplete window: drop, pad or align (to the end).", DefaultValueFactory = _ => "pad" };
        final.AcceptOnlyFromAmong("drop", "pad", "align");
        var seed = new Option<int>("--seed") { Description = "Seed of the split by recording.", DefaultValueFactory = _ => 42 };
        var val = new Option<double>("--val") { Description = "Fraction of recordings for validation.", DefaultValueFactory = _ => 0.15 };
        var test = new Option<double>("--test") { Description = "Fraction of recordings for testing.", DefaultValueFactory = _ => 0.15 };
        var command = new Command("windows", "Build a manifest of labelled windows from long recordings and Raven tables or an annotation CSV.")
            { raven, tables, csv, output, length, overlap, minOverlap, labelColumn, background, final, seed, val, test };
        command.SetAction(parse =>
        {
            string? ravenDir = parse.GetValue(raven), csvPath = parse.GetValue(csv);
            if ((ravenDir is null) == (csvPath is null))
            {
                throw new UserErrorException("give exactly one of --raven DIR or --csv FILE");
            }

            double v = parse.GetValue(val), t = parse.GetValue(test);
            if (v < 0 || t < 0 || v + t >= 1)
            {
                throw new UserErrorException($"--val {v} and --test {t} must be ≥ 0 and leave room for training");
            }

            List<AudioEvent> events;
            List<string> recordings;
            string source;
            if (ravenDir is not null)
            {
                string? tablesDir = parse.GetValue(tables) is string td ? services.Resolve(td) : null;
                events = WindowManifestBuilder.EventsFromRavenTables(services.Resolve(ravenDir), tablesDir, parse.GetValue(labelColumn)!, out recordings);
                source = $"Raven tables of {ravenDir}";
            }
            else
            {
                events = CsvAnnotations.Read(services.Resolve(csvPath!));
                recordings = events.Select(e => e.Recording).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
                source = csvPath!;
            }

            var options = new WindowOptions
            {
                Length = parse.GetValue(length),
                Overlap = parse.GetValue(overlap),
                MinOverlapFraction = parse.GetValue(minOverlap),
                BackgroundClass = parse.GetValue(background),
                Final = parse.GetValue(final) switch { "drop" => FinalWindow.Drop, "align" => FinalWindow.AlignToEnd, _ => FinalWindow.Pad },
            };
            string outPath = services.Resolve(parse.GetValue(output)!);
            var manifest = WindowManifestBuilder.Build(recordings, events, options, outPath, new SplitOptions(parse.GetValue(seed), v, t),
                Path.GetFileNameWithoutExtension(outPath),
                $"windows of {options.Length:0.###} s (overlap {options.Overlap:0.##}, min label overlap {options.MinOverlapFraction:0.##}) from {source}");
            services.Console.WriteLine($"Wrote {outPath}: {manifest.Items.Count} windows of {recordings.Count} recordings, {manifest.Classes.Count} classes, {events.Count} events.");
            return 0;
        });
        return command;
    }
}
