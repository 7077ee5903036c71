using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Host.Plugins;
using Spectre.Console;

namespace FineTuneDomains.Host;

/// <summary>What the host's verbs share: the loaded plugins and the console.</summary>
internal sealed record HostContext(PluginCatalog Catalog, IAnsiConsole Console, PluginServices Services)
{
    /// <summary>Runs another ftd command line in this process (e.g. an experiment's data generator).</summary>
    public Func<string[], int> Invoke { get; set; } = _ => throw new InvalidOperationException("no command tree");

    /// <summary>Prints load failures as warnings, one line each (verbs that use plugins call this).</summary>
    public void WarnAboutFailures()
    {
        foreach (var f in Catalog.Failures) System.Console.Error.WriteLine($"warning: {f}");
    }
}
