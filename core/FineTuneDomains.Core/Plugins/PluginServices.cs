using Spectre.Console;

namespace FineTuneDomains.Core.Plugins;

/// <summary>What the host offers plugin verbs: the console and the places it reads and writes.</summary>
public sealed class PluginServices
{
    public PluginServices(IAnsiConsole console, string workingDirectory)
    {
        Console = console;
        WorkingDirectory = Path.GetFullPath(workingDirectory);
    }

    /// <summary>Console for output, tables and progress bars (quiet when not a terminal).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>The directory relative paths on the command line are resolved against.</summary>
    public string WorkingDirectory { get; set; }

    /// <summary>Resolves a command-line path against <see cref="WorkingDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, WorkingDirectory);
}
