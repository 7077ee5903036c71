using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;
using FineTuneDomains.Plugins.ArchaicOcr.Synth;
using Spectre.Console;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>The plugin verbs: <c>ftd archaic-ocr synth | manifest | transcribe</c>.</summary>
internal static class OcrCommands
{
    public static IEnumerable<Command> Create(ArchaicOcrPlugin plugin, PluginServices services)
    {
        yield return Synth(services);
        yield return Manifest(services);
        yield return Transcribe(plugin, services);
        yield return Score(services);
    }

    private static Command Score(PluginServices services)
    {
        var references = new Argument<string>("ground-truth") { Description = "Folder with name.gt.txt files." };
        var predictions = new Argument<string>("predictions") { Description = "Folder with name.txt files at the same relative places." };
        var normalization = new Option<string>("--normalization") { Description = "NFC, NFD or none: applied to both sides before scoring.", DefaultValueFactory = _ => "NFC" };
        var top = new Option<int>("--top") { Description = "Confusions to list.", DefaultValueFactory = _ => 10 };
        var cmd = new Command("score", "CER and WER of transcriptions against ground truth, with the most frequent character confusions.") { references, predictions, normalization, top };
        cmd.SetAction(parse =>
        {
            var form = Text.TextNormalizer.Parse(parse.GetValue(normalization)!);
            var (scorer, missing) = FolderScorer.Score(services.Resolve(parse.GetValue(references)!), services.Resolve(parse.GetValue(predictions)!), form);
            services.Console.WriteLine($"lines {scorer.Lines.Count}  CER {scorer.Cer:F4}  WER {scorer.Wer:F4}  ({Text.TextNormalizer.Name(form)})"
                + (missing.Count > 0 ? $"; {missing.Count} prediction(s) missing, scored as empty" : string.Empty));
            foreach (var c in scorer.TopConfusions(parse.GetValue(top)))
            {
                var from = c.Reference.Length == 0 ? "(insert)" : Text.TextNormalizer.Describe(c.Reference);
                var to = c.Hypothesis.Length == 0 ? "(delete)" : Text.TextNormalizer.Describe(c.Hypothesis);
                services.Console.WriteLine($"  {c.Count,5}  {from} -> {to}");
            }

            return 0;
        });
        return cmd;
    }

    private static Command Synth(PluginServices services)
    {
        var script = new Option<string>("--script") { Description = "latin | blackletter | greek-polytonic | medieval-latin", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for NNNNNN.png + NNNNNN.gt.txt, lines.tsv and manifest.json.", Required = true };
        var count = new Option<int>("--count", "-n") { Description = "Number of lines.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same lines.", DefaultValueFactory = _ => 1 };
        var fonts = new Option<string?>("--fonts") { Description = "Folder of extra .ttf/.otf fonts (used where they have the script's letters)." };
        var words = new Option<string?>("--words") { Description = "Word list or text to draw words from (e.g. /usr/share/dict/ngerman, a hunspell .dic)." };
        var strength = new Option<double>("--strength") { Description = "Degradation strength, 0 (clean) to 2.", DefaultValueFactory = _ => 1.0 };
        var val = new Option<double>("--val") { Description = "Fraction of lines for validation.", DefaultValueFactory = _ => 0.1 };
        var test = new Option<double>("--test") { Description = "Fraction of lines for testing.", DefaultValueFactory = _ => 0.1 };
        var cmd = new Command("synth", "Render degraded synthetic text lines (tesstrain pairs) and their manifest, deterministically from a seed.")
            { script, output, count, seed, fonts, words, strength, val, test };
        cmd.SetAction(parse =>
        {
            var scriptValue = SynthScripts.Parse(parse.GetValue(script)!);
            var folder = services.Resolve(parse.GetValue(output)!);
            var options = new SynthOptions(
                scriptValue,
                parse.GetValue(count),
                parse.GetValue(seed),
                parse.GetValue(strength),
                parse.GetValue(fonts) is { } f ? services.Resolve(f) : null,
                parse.GetValue(words) is { } w ? services.Resolve(w) : null);
            var split = Split(parse.GetValue(seed), parse.GetValue(val), parse.GetValue(test));
            using var synth = new LineSynthesizer(options);
            var lines = synth.Write(folder);
            var manifest = OcrManifest.Build(
                GroundTruthReader.Read([folder]),
                Path.Combine(folder, "manifest.json"),
                split,
                $"ocr-synth-{SynthScripts.Name(scriptValue)}-seed{options.Seed}",
                "fonts: SIL OFL 1.1; texts: public domain",
                $"ftd archaic-ocr synth --script {SynthScripts.Name(scriptValue)} --count {options.Count} --seed {options.Seed} --strength {options.Strength}; fonts {string.Join(", ", synth.FontNames)}");
            services.Console.WriteLine($"Wrote {lines.Count} lines and {manifest.SourcePath} ({manifest.Classes.Count} characters).");
            return 0;
        });
        return cmd;
    }

    private static Command Manifest(PluginServices services)
    {
        var inputs = new Argument<string[]>("paths") { Description = "Folders or files: *.gt.txt beside line images, PAGE XML pages.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Manifest to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the random line split (unless lines sit in train/ val/ test/ folders).", DefaultValueFactory = _ => 42 };
        var val = new Option<double>("--val") { Description = "Fraction of lines for validation.", DefaultValueFactory = _ => 0.1 };
        var test = new Option<double>("--test") { Description = "Fraction of lines for testing.", DefaultValueFactory = _ => 0.1 };
        var name = new Option<string?>("--name") { Description = "Dataset name (default: the manifest's file name)." };
        var licence = new Option<string>("--licence") { Description = "Licence of the data.", DefaultValueFactory = _ => "unspecified" };
        var cmd = new Command("manifest", "Build an OCR manifest (one item per line, transcription, alphabet as classes) from line pairs and PAGE XML.")
            { inputs, output, seed, val, test, name, licence };
        cmd.SetAction(parse =>
        {
            var paths = parse.GetValue(inputs)!.Select(services.Resolve).ToList();
            var outPath = services.Resolve(parse.GetValue(output)!);
            var set = GroundTruthReader.Read(paths);
            var manifest = OcrManifest.Build(
                set,
                outPath,
                Split(parse.GetValue(seed), parse.GetValue(val), parse.GetValue(test)),
                parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(outPath),
                parse.GetValue(licence)!,
                $"ftd archaic-ocr manifest {string.Join(' ', parse.GetValue(inputs)!)}");
            services.Console.WriteLine($"Wrote {manifest.SourcePath}: {manifest.Items.Count} lines, {manifest.Classes.Count} characters"
                + (set.UntranscribedPageLines > 0 ? $"; skipped {set.UntranscribedPageLines} PAGE line(s) without TextEquiv." : "."));
            foreach (var splitName in manifest.SplitNames())
            {
                services.Console.WriteLine($"  {splitName}: {manifest.Split(splitName).Count}");
            }

            return 0;
        });
        return cmd;
    }

    private static Command Transcribe(ArchaicOcrPlugin plugin, PluginServices services)
    {
        var model = new Argument<string>("run-or-checkpoint") { Description = "A run folder (its best checkpoint) or a .ckpt inside one." };
        var inputs = new Argument<string[]>("inputs") { Description = "Line images, PAGE XML files, or folders of them.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "txt: one transcription per line image (name.txt); page: PAGE XML with TextEquiv.", DefaultValueFactory = _ => "txt" };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (default: beside each input)." };
        var beam = new Option<int>("--beam") { Description = "Beam width (1 = greedy).", DefaultValueFactory = _ => 1 };
        var cmd = new Command("transcribe", "Transcribe line images or the lines of PAGE XML pages with a trained recogniser.") { model, inputs, format, output, beam };
        cmd.SetAction(parse =>
        {
            var formatValue = parse.GetValue(format)!;
            if (formatValue is not ("txt" or "page"))
            {
                throw new UserErrorException($"--format must be txt or page (got '{formatValue}').");
            }

            using var transcriber = Transcriber.Load(plugin, services.Resolve(parse.GetValue(model)!), Math.Max(1, parse.GetValue(beam)));
            var outDir = parse.GetValue(output) is { } o ? services.Resolve(o) : null;
            var written = transcriber.Run(parse.GetValue(inputs)!.Select(services.Resolve).ToList(), formatValue == "page", outDir);
            foreach (var (file, text) in written)
            {
                services.Console.WriteLine($"{file}: {text}");
            }

            return 0;
        });
        return cmd;
    }

    private static SplitOptions Split(int seed, double val, double test)
    {
        if (val < 0 || test < 0 || val + test >= 1)
        {
            throw new UserErrorException($"--val {val} and --test {test} must be ≥ 0 and leave lines for training.");
        }

        return new SplitOptions(seed, val, test);
    }
}
