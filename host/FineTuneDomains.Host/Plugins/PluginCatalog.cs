using System.CommandLine;
using System.Reflection;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Plugins;
using McMaster.NETCore.Plugins;
using Spectre.Console;
using TorchSharp;

namespace FineTuneDomains.Host.Plugins;

/// <summary>
/// Finds plugin folders and loads them in their own load contexts, sharing the contract assembly and
/// TorchSharp (one libtorch per process). A folder that fails to load is recorded and skipped.
/// </summary>
internal sealed class PluginCatalog
{
    /// <summary>Environment variable listing extra plugin folders (separated by the path separator).</summary>
    public const string EnvironmentVariable = "FTD_PLUGINS";

    private readonly List<LoadedPlugin> plugins = [];
    private readonly List<PluginLoadFailure> failures = [];

    public IReadOnlyList<LoadedPlugin> Plugins => plugins;
    public IReadOnlyList<PluginLoadFailure> Failures => failures;

    /// <summary>Types whose assemblies the host and every plugin share.</summary>
    private static readonly Type[] SharedTypes =
    [
        typeof(IDomainPlugin), typeof(torch), typeof(Command), typeof(IAnsiConsole), typeof(YamlDotNet.Core.Mark),
    ];

    /// <summary>Plugin folders: the built-in ones beside the host, then <c>FTD_PLUGINS</c>, then <c>--plugins</c>.</summary>
    public static IReadOnlyList<string> FindPluginFolders(IEnumerable<string> extraRoots, string? environment)
    {
        var roots = new List<string> { Path.Combine(AppContext.BaseDirectory, "plugins") };
        if (!string.IsNullOrWhiteSpace(environment))
            roots.AddRange(environment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        roots.AddRange(extraRoots);
        var folders = new List<string>();
        foreach (var root in roots.Select(r => Path.GetFullPath(r)))
        {
            if (!Directory.Exists(root)) continue;
            if (IsPluginFolder(root)) folders.Add(root);
            else folders.AddRange(Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal));
        }
        return folders.Distinct().ToList();
    }

    /// <summary>A folder is itself a plugin folder when it holds an assembly named after it.</summary>
    private static bool IsPluginFolder(string dir) =>
        File.Exists(Path.Combine(dir, Path.GetFileName(dir) + ".dll"));

    /// <summary>Loads every folder; failures are recorded, never thrown.</summary>
    public static PluginCatalog Load(IEnumerable<string> folders)
    {
        var catalog = new PluginCatalog();
        foreach (var folder in folders) catalog.LoadFolder(folder);
        return catalog;
    }

    private void LoadFolder(string folder)
    {
        var name = Path.GetFileName(folder);
        var dll = Path.Combine(folder, name + ".dll");
        if (!File.Exists(dll))
        {
            var dlls = Directory.GetFiles(folder, "*.dll").Select(Path.GetFileName).ToList();
            failures.Add(new PluginLoadFailure(folder, $"no assembly {name}.dll in the folder"
                + (dlls.Count > 0 ? $" (it has {string.Join(", ", dlls.Take(3))}{(dlls.Count > 3 ? ", …" : "")}; the assembly must be named after its folder)" : "")));
            return;
        }
        try
        {
            AssemblyName.GetAssemblyName(dll);
        }
        catch (BadImageFormatException)
        {
            failures.Add(new PluginLoadFailure(folder, $"{name}.dll is not a .NET assembly"));
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failures.Add(new PluginLoadFailure(folder, $"{name}.dll cannot be read: {e.Message}"));
            return;
        }

        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(dll, SharedTypes, config => config.PreferSharedTypes = true);
            var assembly = loader.LoadDefaultAssembly();
            var attribute = assembly.GetCustomAttributesData()
                .FirstOrDefault(a => a.AttributeType.FullName == typeof(DomainPluginAttribute).FullName);
            if (attribute is null)
            {
                failures.Add(new PluginLoadFailure(folder, $"{name}.dll has no [assembly: DomainPlugin(typeof(...), PluginContract.Version)] attribute"));
                return;
            }
            var contract = attribute.ConstructorArguments[1].Value as string ?? "?";
            var parts = contract.Split('.');
            var major = int.TryParse(parts[0], out var m) ? m : -1;
            var minor = parts.Length > 1 && int.TryParse(parts[1], out var n) ? n : 0;
            var hostMinor = int.Parse(PluginContract.Version.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);
            if (major == PluginContract.Major && minor > hostMinor)
            {
                failures.Add(new PluginLoadFailure(folder,
                    $"needs plugin contract {contract}, newer than this ftd's {PluginContract.Version}; update ftd"));
                return;
            }
            if (major != PluginContract.Major)
            {
                failures.Add(new PluginLoadFailure(folder,
                    $"built for plugin contract {contract}, but this ftd implements contract {PluginContract.Version}; rebuild the plugin against this FineTuneDomains.Core"));
                return;
            }
            var type = attribute.ConstructorArguments[0].Value as Type;
            if (type is null || !typeof(IDomainPlugin).IsAssignableFrom(type))
            {
                failures.Add(new PluginLoadFailure(folder, $"the DomainPlugin attribute names {type?.FullName ?? "no type"}, which does not implement IDomainPlugin"));
                return;
            }
            var plugin = (IDomainPlugin)Activator.CreateInstance(type)!;
            var description = plugin.Describe();
            if (plugins.FirstOrDefault(p => p.Plugin.Id == plugin.Id) is { } existing)
            {
                failures.Add(new PluginLoadFailure(folder, $"plugin id '{plugin.Id}' is already provided by {existing.Folder}"));
                return;
            }
            plugins.Add(new LoadedPlugin(plugin, description, contract, folder));
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            failures.Add(new PluginLoadFailure(folder, $"the plugin threw while loading: {e.InnerException.GetType().Name}: {e.InnerException.Message}"));
        }
        catch (Exception e) when (e is FileLoadException or FileNotFoundException or BadImageFormatException or TypeLoadException or ReflectionTypeLoadException or MissingMethodException)
        {
            failures.Add(new PluginLoadFailure(folder, $"cannot load: {e.GetType().Name}: {e.Message}"));
        }
        catch (Exception e)
        {
            failures.Add(new PluginLoadFailure(folder, $"the plugin threw while loading: {e.GetType().Name}: {e.Message}"));
        }
    }

    /// <summary>The plugin with this id, or a user error naming the loaded ones.</summary>
    public LoadedPlugin Get(string id) =>
        plugins.FirstOrDefault(p => p.Plugin.Id == id)
        ?? throw new UserErrorException($"no plugin '{id}' is loaded (loaded: {(plugins.Count == 0 ? "none" : string.Join(", ", plugins.Select(p => p.Plugin.Id)))})"
            + (failures.Count > 0 ? $"; {failures.Count} plugin folder(s) failed to load, see `ftd plugins list`" : ""));

    /// <summary>The description of the plugin with this id, or null.</summary>
    public PluginDescription? Find(string id) => plugins.FirstOrDefault(p => p.Plugin.Id == id)?.Description;
}
