using System.Diagnostics;
using System.Globalization;
using FineTuneDomains.Plugins.CtDicom.Dicom;

// Usage: FineTuneDomains.Bench.CtDicom <label>=<folder> ... [--repeat n] [--dcmtk]
// For each folder: decodes every .dcm with our reader (n passes, best pass reported) and, with --dcmtk,
// runs DCMTK's decompressor on each file once (a process per file, as a PACS import script would).
var folders = new List<(string Label, string Dir)>();
int repeat = 3;
bool dcmtk = false;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--repeat") repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--dcmtk") dcmtk = true;
    else { var p = args[i].Split('=', 2); folders.Add((p[0], p[1])); }
}
Console.WriteLine("| files | syntax | slices | decoded MB | ours: MB/s | ours: slices/s | DCMTK tool | DCMTK: slices/s (process per file) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var (label, dir) in folders)
{
    var files = Directory.GetFiles(dir, "*.dcm", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
    var syntax = DicomFile.Open(files[0]).TransferSyntax;
    long bytes = 0;
    int slices = 0;
    double best = double.MaxValue;
    for (int r = 0; r < repeat + 1; r++) // the first pass warms up the JIT and the page cache
    {
        bytes = 0; slices = 0;
        var sw = Stopwatch.StartNew();
        foreach (var f in files)
        {
            var px = DicomFile.Open(f).GetPixelData().ReadAllFrames();
            bytes += px.Data.Length;
            slices += px.Frames;
        }
        if (r > 0) best = Math.Min(best, sw.Elapsed.TotalSeconds);
    }
    string tool = syntax == TransferSyntax.RleLossless ? "dcmdrle" : syntax.IsEncapsulated ? "dcmdjpeg" : "dcmconv";
    string theirs = "-";
    if (dcmtk)
    {
        var tmp = Path.Combine(Path.GetTempPath(), $"ftd-bench-{Environment.ProcessId}.dcm");
        var sw = Stopwatch.StartNew();
        foreach (var f in files)
        {
            using var p = Process.Start(new ProcessStartInfo(tool, $"\"{f}\" \"{tmp}\"") { RedirectStandardError = true })!;
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed on {f}: {p.StandardError.ReadToEnd()}");
        }
        theirs = (slices / sw.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
        File.Delete(tmp);
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {syntax.Name} | {slices} | {bytes / 1e6:0.0} | {bytes / 1e6 / best:0} | {slices / best:0} | {tool} | {theirs} |"));
}
