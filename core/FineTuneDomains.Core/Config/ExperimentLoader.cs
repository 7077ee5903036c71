using FineTuneDomains.Core.Plugins;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace FineTuneDomains.Core.Config;

/// <summary>Reads experiment files (YAML or JSON), applies <c>--set</c> overrides, validates and resolves them.</summary>
public sealed class ExperimentLoader
{
    private readonly Func<string, PluginDescription?> findPlugin;
    private readonly IReadOnlyList<string> knownPlugins;

    /// <param name="findPlugin">Returns a loaded plugin's description by id, or null.</param>
    /// <param name="knownPlugins">Ids of the loaded plugins (for messages).</param>
    public ExperimentLoader(Func<string, PluginDescription?> findPlugin, IReadOnlyList<string> knownPlugins)
    {
        this.findPlugin = findPlugin;
        this.knownPlugins = knownPlugins;
    }

    /// <summary>Loads and validates an experiment file with overrides of the form <c>path.to.key=value</c>.</summary>
    public Experiment Load(string path, IEnumerable<string>? sets = null)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new UserErrorException($"{path}: experiment file not found");
        return Parse(File.ReadAllText(full), full, sets);
    }

    /// <summary>Validates experiment text; <paramref name="sourcePath"/> names it in messages and anchors relative paths.</summary>
    public Experiment Parse(string text, string sourcePath, IEnumerable<string>? sets = null)
    {
        var name = Path.GetFileName(sourcePath);
        var root = ParseYaml(text, name);
        var overrides = new Dictionary<YamlNode, string>();
        foreach (var set in sets ?? []) ApplySet(root, set, overrides);

        var schema = ExperimentSchema.Build(findPlugin, knownPlugins);
        var validator = new SchemaValidator(name, Path.GetDirectoryName(sourcePath)!, overrides);
        var tree = new Dictionary<string, object?>();
        validator.Validate(root, schema, "", tree);
        if (validator.Errors.Count > 0)
        {
            var shown = validator.Errors.Take(12).ToList();
            var more = validator.Errors.Count > shown.Count ? $"\n  … and {validator.Errors.Count - shown.Count} more" : "";
            throw new UserErrorException($"{name}: {validator.Errors.Count} problem(s) in the experiment:\n  " + string.Join("\n  ", shown) + more);
        }
        tree["name"] ??= Path.GetFileNameWithoutExtension(sourcePath);
        ResolvePretrainedPath(tree, Path.GetDirectoryName(sourcePath)!);
        return new Experiment(tree, sourcePath);
    }

    /// <summary>
    /// <c>model.pretrained</c> names a file unless it is <c>imagenet</c> or <c>none</c>: made absolute against the
    /// experiment's folder, with symbolic links (like <c>runs/x/latest</c>) resolved, so the lock names the real file.
    /// </summary>
    private static void ResolvePretrainedPath(Dictionary<string, object?> tree, string baseDirectory)
    {
        if (tree["model"] is not Dictionary<string, object?> model || model["pretrained"] is not string p) return;
        if (p is "imagenet" or "none" || p.Length == 0) return;
        model["pretrained"] = RealPath(Path.GetFullPath(p, baseDirectory));
    }

    /// <summary>The path with every symbolic link along it resolved (like realpath).</summary>
    internal static string RealPath(string path)
    {
        var root = Path.GetPathRoot(path)!;
        var current = root;
        foreach (var part in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
                next = Path.GetFullPath(target, current);
            current = next;
        }
        return current;
    }

    private static YamlMappingNode ParseYaml(string text, string name)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new UserErrorException($"{name}:{e.Start.Line}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count == 0) throw new UserErrorException($"{name}: the experiment file is empty");
        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new UserErrorException($"{name}:{stream.Documents[0].RootNode.Start.Line}: expected a mapping of keys to values at the top level");
    }

    /// <summary>Applies <c>a.b.c=value</c> (list elements by index: <c>augment.0.p=0.5</c>) to the YAML tree.</summary>
    internal static void ApplySet(YamlMappingNode root, string set, Dictionary<YamlNode, string> overrides)
    {
        int eq = set.IndexOf('=');
        if (eq <= 0) throw new UserErrorException($"--set {set}: expected path.to.key=value");
        var keys = set[..eq].Trim().Split('.');
        var valueText = set[(eq + 1)..];
        YamlNode value;
        try
        {
            var s = new YamlStream();
            s.Load(new StringReader("v: " + valueText));
            value = ((YamlMappingNode)s.Documents[0].RootNode).Children[new YamlScalarNode("v")];
        }
        catch (YamlException)
        {
            value = new YamlScalarNode(valueText) { Style = ScalarStyle.DoubleQuoted };
        }
        YamlNode node = root;
        for (int i = 0; i < keys.Length; i++)
        {
            bool last = i == keys.Length - 1;
            var key = keys[i];
            if (key.Length == 0) throw new UserErrorException($"--set {set}: empty key in '{set[..eq]}'");
            switch (node)
            {
                case YamlMappingNode map:
                {
                    var k = new YamlScalarNode(key);
                    overrides[k] = set;
                    if (last) { map.Children.Remove(k); map.Children[k] = value; break; }
                    if (!map.Children.TryGetValue(k, out var child) || child is YamlScalarNode { Value: null or "" or "~" or "null" })
                    {
                        child = new YamlMappingNode();
                        map.Children.Remove(k);
                        map.Children[k] = child;
                    }
                    node = child;
                    break;
                }
                case YamlSequenceNode seq:
                {
                    if (!int.TryParse(key, out var index) || index < 0 || index >= seq.Children.Count)
                        throw new UserErrorException($"--set {set}: '{key}' is not an index of the list (it has {seq.Children.Count} entries)");
                    if (last) { seq.Children[index] = value; break; }
                    node = seq.Children[index];
                    break;
                }
                default:
                    throw new UserErrorException($"--set {set}: '{string.Join('.', keys[..i])}' is a single value, not a section");
            }
        }
        MarkOverride(value, set, overrides);
    }

    private static void MarkOverride(YamlNode node, string set, Dictionary<YamlNode, string> overrides)
    {
        overrides[node] = set;
        foreach (var child in node.AllNodes) overrides[child] = set;
    }

    /// <summary>Serialises a resolved tree as YAML (the lock file's form).</summary>
    public static string ToYaml(IReadOnlyDictionary<string, object?> tree)
    {
        var serializer = new SerializerBuilder()
            .WithIndentedSequences()
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.Preserve)
            .Build();
        return serializer.Serialize(tree);
    }
}
