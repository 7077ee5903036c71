using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace FineTuneDomains.Host.Commands;

/// <summary><c>ftd plugins list [--json]</c>.</summary>
internal static class PluginsCommand
{
    public static Command Create(HostContext ctx)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (plugins and load failures) instead of a table." };
        var list = new Command("list", "List loaded plugins: id, version, contract, tasks, input formats, augmentations, verbs; and folders that failed to load.") { json };
        list.SetAction(parse =>
        {
            if (parse.GetValue(json)) Console.Out.WriteLine(ToJson(ctx));
            else PrintTable(ctx);
            return FtdApp.Ok;
        });
        return new Command("plugins", "Inspect the domain plugins found at run time.") { list };
    }

    internal static string ToJson(HostContext ctx)
    {
        var doc = new
        {
            plugins = ctx.Catalog.Plugins.Select(p => new
            {
                id = p.Plugin.Id,
                version = p.Description.Version,
                contract_version = p.ContractVersion,
                summary = p.Description.Summary,
                folder = p.Folder,
                tasks = p.Description.Tasks.Select(t => t.Type),
                input_formats = p.Description.InputFormats,
                augmentations = p.Description.Augmentations.Select(a => a.Name),
                verbs = p.Description.Verbs,
            }),
            failures = ctx.Catalog.Failures.Select(f => new { folder = f.Folder, reason = f.Reason }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
    }

    private static void PrintTable(HostContext ctx)
    {
        var table = new Table().AddColumns("id", "version", "contract", "tasks", "input formats", "augmentations", "verbs");
        foreach (var p in ctx.Catalog.Plugins)
            table.AddRow(
                Markup.Escape(p.Plugin.Id), Markup.Escape(p.Description.Version), Markup.Escape(p.ContractVersion),
                Markup.Escape(string.Join(", ", p.Description.Tasks.Select(t => t.Type))),
                Markup.Escape(string.Join("; ", p.Description.InputFormats)),
                Markup.Escape(string.Join(", ", p.Description.Augmentations.Select(a => a.Name))),
                Markup.Escape(string.Join(", ", p.Description.Verbs)));
        ctx.Console.Write(table);
        if (ctx.Catalog.Plugins.Count == 0) ctx.Console.WriteLine("No plugins loaded.");
        foreach (var f in ctx.Catalog.Failures) Console.Out.WriteLine(f.ToString());
    }
}
