using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Training;
using FineTuneDomains.Plugins.WildlifeAudio.Labels;
using Spectre.Console;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>
/// <c>ftd wildlife-audio detect &lt;run|checkpoint&gt; &lt;file|folder&gt;... --out DIR [--min-score x] [--overlap y]</c>:
/// slides the model's window over each recording, merges consecutive windows of a class and writes one Raven
/// selection table per recording plus <c>detections.csv</c> of all detections.
/// </summary>
internal static class DetectCommand
{
    public static Command Create(IDomainPlugin plugin, PluginServices services)
    {
        var model = new Argument<string>("run-or-checkpoint") { Description = "A run folder (its best checkpoint) or a checkpoint inside one." };
        var inputs = new Argument<string[]>("recordings") { Description = "WAV files or folders of them.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Folder for the Raven tables and detections.csv.", Required = true };
        var minScore = new Option<double?>("--min-score") { Description = "Score a window needs to count as a detection (default: the per-class thresholds tuned on validation and stored with the model, else 0.5)." };
        var overlap = new Option<double>("--overlap") { Description = "Overlap of consecutive windows, as a fraction of the window.", DefaultValueFactory = _ => 0.5 };
        var command = new Command("detect", "Detect species in recordings with a trained model; writes Raven selection tables and a CSV.")
            { model, inputs, output, minScore, overlap };
        command.SetAction(parse =>
        {
            double? score = parse.GetValue(minScore);
            double ov = parse.GetValue(overlap);
            if (score is < 0 or > 1)
            {
                throw new UserErrorException($"--min-score must be in [0, 1], got {score}.");
            }

            if (ov is < 0 or >= 1)
            {
                throw new UserErrorException($"--overlap must be in [0, 1), got {ov}.");
            }

            var files = new List<string>();
            foreach (string input in parse.GetValue(inputs)!)
            {
                string full = services.Resolve(input);
                if (Directory.Exists(full))
                {
                    files.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Where(plugin.AcceptsFile).OrderBy(f => f, StringComparer.Ordinal));
                }
                else if (File.Exists(full))
                {
                    files.Add(full);
                }
                else
                {
                    throw new UserErrorException($"{input}: no such file or folder");
                }
            }

            if (files.Count == 0)
            {
                throw new UserErrorException("no recordings to detect in");
            }

            string outDir = services.Resolve(parse.GetValue(output)!);
            using var trained = TrainedModel.Load(services.Resolve(parse.GetValue(model)!), plugin);
            var detector = new RecordingDetector(plugin, trained, score, ov);
            var all = new List<AudioEvent>();
            void Work(Action<int> advance)
            {
                for (int i = 0; i < files.Count; i++)
                {
                    all.AddRange(detector.Detect(files[i], outDir));
                    advance(i + 1);
                }
            }

            if (services.Console.Profile.Capabilities.Interactive)
            {
                services.Console.Progress().AutoClear(true).Start(p =>
                {
                    var task = p.AddTask("Detecting", maxValue: files.Count);
                    Work(done => task.Value = done);
                });
            }
            else
            {
                Work(_ => { });
            }

            Directory.CreateDirectory(outDir);
            CsvAnnotations.Write(Path.Combine(outDir, "detections.csv"), all);
            services.Console.WriteLine($"{all.Count} detections in {files.Count} recordings; tables and detections.csv in {outDir}");
            return 0;
        });
        return command;
    }
}
