using System.CommandLine;
using System.Globalization;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.CtDicom.Dicom;
using FineTuneDomains.Plugins.CtDicom.Export;
using FineTuneDomains.Plugins.CtDicom.Imaging;
using FineTuneDomains.Plugins.CtDicom.Series;
using FineTuneDomains.Plugins.CtDicom.Synth;

namespace FineTuneDomains.Plugins.CtDicom.Plugin;

/// <summary>
/// The verbs <c>ftd ct-dicom dump | export | series | synth</c>. Results go to standard output as plain lines
/// (not wrapped to the terminal width, so they can be piped); problems go to standard error.
/// </summary>
internal static class CtCommands
{
    public static IEnumerable<Command> Create(PluginServices services) => [Dump(services), ExportCmd(services), SeriesCmd(services), Synth(services)];

    private static Command Dump(PluginServices services)
    {
        var file = new Argument<string>("file") { Description = "DICOM file to dump." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of dcmdump-like text." };
        var cmd = new Command("dump", "Print a file's elements like dcmdump (pixel data summarised).") { file, json };
        cmd.SetAction(parse =>
        {
            var f = DicomFile.Open(services.Resolve(parse.GetValue(file)!));
            Console.Out.Write(parse.GetValue(json) ? DicomDump.Json(f) + "\n" : DicomDump.Text(f));
            return 0;
        });
        return cmd;
    }

    private static Command ExportCmd(PluginServices services)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "DICOM files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out", "-o") { Description = "Folder for the .npy (and .png) files.", Required = true };
        var stored = new Option<bool>("--stored") { Description = "Write stored values in their integer type instead of float32 modality values (HU)." };
        var png = new Option<bool>("--png") { Description = "Also write a PNG preview of the first frame." };
        var window = new Option<string>("--window") { Description = "Window of the preview: a preset, WIDTH/CENTER or 'file'.", DefaultValueFactory = _ => "file" };
        var cmd = new Command("export", "Write one NumPy .npy per file (frames x rows x cols [x samples]) and optional PNG previews.") { inputs, outDir, stored, png, window };
        cmd.SetAction(parse =>
        {
            var dir = services.Resolve(parse.GetValue(outDir)!);
            var files = ExpandInputs(parse.GetValue(inputs)!.Select(services.Resolve));
            if (files.Count == 0) throw new UserErrorException("no DICOM files found in the inputs");
            int failed = 0;
            foreach (var (f, stem) in files)
            {
                try
                {
                    DicomWindow? w = null;
                    if (parse.GetValue(png))
                    {
                        var name = parse.GetValue(window)!;
                        w = name.StartsWith("file", StringComparison.OrdinalIgnoreCase)
                            ? WindowStack.Resolve([name], DicomFile.Open(f).Dataset)[0]
                            : DicomWindow.Parse(name);
                    }
                    var r = DicomExporter.ExportTo(f, Path.Combine(dir, stem), parse.GetValue(stored), w);
                    Console.Out.WriteLine($"{f} -> {r.NpyPath} {r.Dtype} ({string.Join(" x ", r.Shape)}){(r.PngPath is null ? "" : " + " + Path.GetFileName(r.PngPath))}");
                }
                catch (DataFormatException e)
                {
                    Console.Error.WriteLine(e.Message);
                    failed++;
                }
            }
            if (failed > 0) Console.Error.WriteLine($"{failed} of {files.Count} file(s) could not be exported.");
            return failed > 0 ? 1 : 0;
        });
        return cmd;
    }

    /// <summary>
    /// Files as given (output stem: the file name), plus the DICOM files inside given folders (output stem: the
    /// path below the folder, so slices of different series do not overwrite each other); missing paths are
    /// user errors, and two inputs that would write the same output are too.
    /// </summary>
    internal static List<(string File, string Stem)> ExpandInputs(IEnumerable<string> inputs)
    {
        var files = new List<(string, string)>();
        foreach (var p in inputs)
        {
            if (File.Exists(p)) files.Add((p, StemOf(Path.GetFileName(p))));
            else if (Directory.Exists(p))
                files.AddRange(Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(DicomFile.LooksLikeDicom)
                    .OrderBy(f => f, StringComparer.Ordinal).Select(f => (f, StemOf(Path.GetRelativePath(p, f)))));
            else throw new UserErrorException($"{p}: no such file or folder");
        }
        var clash = files.GroupBy(f => f.Item2, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new UserErrorException($"{string.Join(" and ", clash.Select(c => c.Item1).Take(2))} would both be exported as {clash.Key}.npy; export them separately or give their folder instead");
        return files;
    }

    private static string StemOf(string relative)
    {
        var dir = Path.GetDirectoryName(relative) ?? "";
        var stem = Path.GetFileNameWithoutExtension(relative);
        return Path.Combine(dir, stem.Length == 0 ? Path.GetFileName(relative) : stem);
    }

    private static Command SeriesCmd(PluginServices services)
    {
        var folder = new Argument<string>("folder") { Description = "Folder with DICOM files (any names, several series mixed)." };
        var uid = new Option<string?>("--uid") { Description = "Only the series with this Series Instance UID." };
        var description = new Option<string?>("--description") { Description = "Only series whose description contains this text." };
        var modality = new Option<string?>("--modality") { Description = "Only series of this modality (e.g. CT)." };
        var cmd = new Command("series", "List the series in a folder with their slice order, spacing and problems.") { folder, uid, description, modality };
        cmd.SetAction(parse =>
        {
            var result = DicomSeriesScanner.Scan(services.Resolve(parse.GetValue(folder)!));
            var selected = DicomSeriesScanner.Select(result.Series, parse.GetValue(uid), parse.GetValue(description), parse.GetValue(modality));
            // One block per series rather than a table: UIDs stay whole (for --uid) at any terminal width.
            foreach (var s in selected)
            {
                var sizes = string.Join(", ", s.Slices.Select(x => $"{x.Rows}x{x.Columns}").Distinct());
                var spacing = s.SliceSpacing is double d ? d.ToString("0.###", CultureInfo.InvariantCulture) + " mm" : "unknown";
                Console.Out.WriteLine($"Series {s.SeriesInstanceUid}");
                Console.Out.WriteLine($"  {s.Description} | {s.Modality} | {s.Slices.Count} slice(s) | {sizes} | spacing {spacing} | sorted by {(s.SortedGeometrically ? "position" : "instance number")}");
                if (s.Warnings.Count == 0) Console.Out.WriteLine("  checks: ok");
                foreach (var w in s.Warnings) Console.Out.WriteLine($"  warning: {w}");
            }
            Console.Out.WriteLine($"{selected.Count} series ({result.Series.Count} in the folder), {result.NotDicom.Count} other file(s), {result.Unreadable.Count} unreadable.");
            foreach (var e in result.Unreadable) Console.Error.WriteLine(e.Message);
            return 0;
        });
        return cmd;
    }

    private static Command Synth(PluginServices services)
    {
        var outDir = new Option<string>("--out", "-o") { Description = "Folder for the series and manifest.json.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed (the same seed gives the same files).", DefaultValueFactory = _ => 1 };
        var series = new Option<int>("--series") { Description = "Number of phantom series.", DefaultValueFactory = _ => 8 };
        var slices = new Option<int>("--slices") { Description = "Slices per series.", DefaultValueFactory = _ => 24 };
        var size = new Option<int>("--size") { Description = "Rows and columns.", DefaultValueFactory = _ => 128 };
        var cmd = new Command("synth", "Generate synthetic CT phantom series (DICOM) with lesion labels and a manifest.") { outDir, seed, series, slices, size };
        cmd.SetAction(parse =>
        {
            var opts = new CtSynthOptions { Seed = parse.GetValue(seed), Series = parse.GetValue(series), SlicesPerSeries = parse.GetValue(slices), Size = parse.GetValue(size) };
            var manifest = new CtPhantomGenerator(opts).WriteDataset(services.Resolve(parse.GetValue(outDir)!));
            var lesion = manifest.Items.Count(i => i.Labels.Contains(CtPhantomGenerator.LesionLabel));
            Console.Out.WriteLine($"Wrote {opts.Series} series, {manifest.Items.Count} slices ({lesion} with a lesion) and {manifest.SourcePath}.");
            return 0;
        });
        return cmd;
    }
}
