using System.CommandLine;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Host.Commands;
using FineTuneDomains.Host.Plugins;
using Spectre.Console;

namespace FineTuneDomains.Host;

/// <summary>
/// The <c>ftd</c> command line. Exit codes: 0 success, 1 user error (explained in a line or two, no stack
/// trace), 2 internal error (details in a log file whose path is printed).
/// </summary>
internal static class FtdApp
{
    public const int Ok = 0;
    public const int UserError = 1;
    public const int InternalError = 2;

    public static int Run(string[] args)
    {
        try
        {
            var extraPluginRoots = PreParsePluginRoots(args);
            var catalog = PluginCatalog.Load(PluginCatalog.FindPluginFolders(extraPluginRoots, Environment.GetEnvironmentVariable(PluginCatalog.EnvironmentVariable)));
            var console = CreateConsole();
            var root = BuildRoot(catalog, console);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors) Console.Error.WriteLine($"error: {e.Message}");
                Console.Error.WriteLine($"Run `ftd {string.Join(' ', CommandPath(parse))} --help` for usage.");
                return UserError;
            }
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return HandleException(e, args);
        }
    }

    internal static int HandleException(Exception e, string[] args)
    {
        var user = Unwrap(e);
        if (user is UserErrorException u)
        {
            Console.Error.WriteLine($"error: {u.Message}");
            return UserError;
        }
        if (user is OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return UserError;
        }
        var log = WriteCrashLog(e, args);
        Console.Error.WriteLine($"internal error: {user.GetType().Name}: {user.Message}");
        Console.Error.WriteLine($"This is a bug in ftd or a plugin, not in your input. Details: {log}");
        return InternalError;
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case UserErrorException: return e;
                case AggregateException { InnerExceptions.Count: 1 } a: e = a.InnerExceptions[0]; continue;
                case System.Reflection.TargetInvocationException { InnerException: { } inner2 }: e = inner2; continue;
                default:
                    if (e.InnerException is UserErrorException inner) return inner;
                    return e;
            }
        }
    }

    /// <summary>Where crash logs go: $FTD_LOG_DIR, else $XDG_STATE_HOME/ftd/logs, else ~/.local/state/ftd/logs.</summary>
    internal static string LogDirectory()
    {
        var env = Environment.GetEnvironmentVariable("FTD_LOG_DIR");
        if (!string.IsNullOrEmpty(env)) return env;
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state)) state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "ftd", "logs");
    }

    private static string WriteCrashLog(Exception e, string[] args)
    {
        try
        {
            var dir = LogDirectory();
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, $"ftd-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            File.WriteAllText(path, $"ftd {typeof(FtdApp).Assembly.GetName().Version} at {DateTime.UtcNow:O}\nargs: {string.Join(' ', args)}\ncwd: {Environment.CurrentDirectory}\n\n{e}\n");
            return path;
        }
        catch (Exception)
        {
            return "(could not write a log file) " + e;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            if (r.Command is not RootCommand) names.Insert(0, r.Command.Name);
        return names;
    }

    /// <summary>`--plugins DIR` must be known before the command tree exists (plugin verbs are part of it).</summary>
    internal static List<string> PreParsePluginRoots(string[] args)
    {
        var roots = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--") break;
            if (args[i] == "--plugins" && i + 1 < args.Length) roots.Add(args[++i]);
            else if (args[i].StartsWith("--plugins=", StringComparison.Ordinal)) roots.Add(args[i]["--plugins=".Length..]);
        }
        return roots;
    }

    internal static IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Interactive = Console.IsOutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        });
        // Redirected output goes to files and scripts: never wrap lines (paths must stay whole).
        if (Console.IsOutputRedirected) console.Profile.Width = 4096;
        return console;
    }

    internal static RootCommand BuildRoot(PluginCatalog catalog, IAnsiConsole console)
    {
        var root = new RootCommand("ftd: fine-tune pretrained networks for narrow domains (wildlife audio, CT from DICOM, archaic-script OCR, and any plugin you add).");
        var pluginsOption = new Option<string[]>("--plugins")
        {
            Description = $"Extra plugin folder (a plugin folder, or a folder of them); repeatable. Also ${PluginCatalog.EnvironmentVariable}.",
            Recursive = true,
            AllowMultipleArgumentsPerToken = false,
        };
        root.Options.Add(pluginsOption);
        var services = new PluginServices(console, Environment.CurrentDirectory);
        var context = new HostContext(catalog, console, services);
        context.Invoke = nested =>
        {
            var parsed = root.Parse(nested);
            if (parsed.Errors.Count > 0) throw new UserErrorException($"`ftd {string.Join(' ', nested)}`: {parsed.Errors[0].Message}");
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        };

        root.Subcommands.Add(PluginsCommand.Create(context));
        root.Subcommands.Add(DataCommand.Create(context));
        foreach (var c in TrainingCommands.Create(context)) root.Subcommands.Add(c);

        foreach (var loaded in catalog.Plugins)
        {
            var pluginCommand = new Command(loaded.Plugin.Id, $"{loaded.Description.Summary} (plugin {loaded.Description.Version})");
            try
            {
                foreach (var verb in loaded.Plugin.CreateCommands(services)) pluginCommand.Subcommands.Add(verb);
            }
            catch (Exception e) when (e is not UserErrorException)
            {
                Console.Error.WriteLine($"warning: plugin {loaded.Plugin.Id} failed to create its verbs: {e.Message}");
            }
            root.Subcommands.Add(pluginCommand);
        }
        return root;
    }
}
