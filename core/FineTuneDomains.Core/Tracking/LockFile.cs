using System.Reflection;
using System.Runtime.InteropServices;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Core.Plugins;
using FineTuneDomains.Core.Training;
using YamlDotNet.Serialization;

namespace FineTuneDomains.Core.Tracking;

/// <summary>
/// <c>experiment.lock.yaml</c>: document 1 is the resolved experiment (every default filled in; it loads
/// as an experiment file), document 2 is its provenance: dataset hashes, versions, code commit, changed files.
/// </summary>
public static class LockFile
{
    /// <summary>The lock file's text for a new run.</summary>
    public static string Compose(Experiment experiment, DatasetManifest manifest, IReadOnlyList<FileProblem> changedFiles, RunOptions options, IDomainPlugin plugin)
    {
        var provenance = new Dictionary<string, object?>
        {
            ["created_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["dataset"] = new Dictionary<string, object?>
            {
                ["manifest"] = manifest.SourcePath,
                ["name"] = manifest.Name,
                ["manifest_sha256"] = manifest.ManifestSha256 ?? manifest.ComputeHash(),
                ["items"] = manifest.Items.Count,
                ["files"] = manifest.Items.Select(i => i.Path).Distinct().Count(),
                ["licence"] = manifest.Licence,
                ["allow_changed"] = changedFiles.Count > 0,
                ["changed_files"] = changedFiles.Select(p => $"{p.Path}: {p.Problem}").ToList(),
            },
            ["versions"] = Versions(plugin, options.Versions),
            ["code_commit"] = CodeCommit(),
            ["reproduce_of"] = options.ReproduceOf,
            ["command"] = Environment.CommandLine,
        };
        var serializer = new SerializerBuilder().WithIndentedSequences().Build();
        return "# Resolved experiment: every default filled in. `ftd reproduce <run>` re-runs it.\n"
            + ExperimentLoader.ToYaml(experiment.Tree)
            + "---\n# Provenance (not part of the experiment)\n"
            + serializer.Serialize(provenance);
    }

    /// <summary>Versions of the pieces that shape results.</summary>
    public static Dictionary<string, object?> Versions(IDomainPlugin plugin, IReadOnlyDictionary<string, string> extra)
    {
        var v = new Dictionary<string, object?>
        {
            ["core"] = Informational(typeof(LockFile).Assembly),
            ["plugin_contract"] = PluginContract.Version,
            ["plugin"] = $"{plugin.Id} {plugin.Describe().Version}",
            ["torchsharp"] = Informational(typeof(TorchSharp.torch).Assembly),
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["os"] = RuntimeInformation.OSDescription,
            ["cpu_count"] = Environment.ProcessorCount,
        };
        foreach (var (k, val) in extra) v[k] = val;
        return v;
    }

    private static string Informational(Assembly a) =>
        a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? a.GetName().Version?.ToString() ?? "?";

    /// <summary>The git commit the core was built from (from its informational version), or "unknown".</summary>
    public static string CodeCommit()
    {
        var info = Informational(typeof(LockFile).Assembly);
        int plus = info.IndexOf('+');
        return plus >= 0 ? info[(plus + 1)..] : "unknown";
    }
}
