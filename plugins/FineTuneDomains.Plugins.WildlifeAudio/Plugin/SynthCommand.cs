using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Plugins.WildlifeAudio.Synthesis;
using Spectre.Console;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary><c>ftd wildlife-audio synth --out DIR [--seed n] [--size quick|standard|large] [--mode recordings|clips]</c>.</summary>
internal static class SynthCommand
{
    public static Command Create(PluginServices services)
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder to write the data set into.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Generator seed: same seed, same files.", DefaultValueFactory = _ => 0 };
        var size = new Option<string>("--size") { Description = "quick (~300 two-second windows, seconds to make), standard or large.", DefaultValueFactory = _ => "quick" };
        size.AcceptOnlyFromAmong("quick", "standard", "large");
        var mode = new Option<string>("--mode") { Description = "recordings (long WAVs + Raven tables + windows manifest) or clips (folder per class).", DefaultValueFactory = _ => "recordings" };
        mode.AcceptOnlyFromAmong("recordings", "clips");
        var species = new Option<int>("--species") { Description = "Number of species (2-6).", DefaultValueFactory = _ => 6 };
        var rate = new Option<int>("--sample-rate") { Description = "Sample rate of the WAV files in Hz.", DefaultValueFactory = _ => 16000 };
        var command = new Command("synth", "Write a deterministic synthetic field-recording data set (calls of several species over forest backgrounds).")
            { output, seed, size, mode, species, rate };
        command.SetAction(parse =>
        {
            var options = new SynthOptions
            {
                OutputDirectory = services.Resolve(parse.GetValue(output)!),
                Seed = parse.GetValue(seed),
                Size = Enum.Parse<SynthSize>(parse.GetValue(size)!, ignoreCase: true),
                Mode = Enum.Parse<SynthMode>(parse.GetValue(mode)!, ignoreCase: true),
                SpeciesCount = parse.GetValue(species),
                SampleRate = parse.GetValue(rate),
            };
            if (Directory.Exists(options.OutputDirectory) && Directory.EnumerateFileSystemEntries(options.OutputDirectory).Any())
            {
                throw new UserErrorException($"{options.OutputDirectory} is not empty; choose a new folder so old files cannot mix with the new set.");
            }

            var summary = FieldDataGenerator.Generate(options);
            services.Console.WriteLine(
                $"Wrote {summary.Files} {(options.Mode == SynthMode.Recordings ? "recordings" : "clips")} ({summary.TotalSeconds:0} s of audio, {summary.Events} calls) " +
                $"and {summary.ManifestPath} with {summary.ManifestItems} items.");
            return 0;
        });
        return command;
    }
}
