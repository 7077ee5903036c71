using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FineTuneDomains.Core.Config;

/// <summary>
/// Validates a YAML (or JSON) document against a schema and fills in defaults. Every problem is collected
/// with its key path and line: an unknown or misspelt key, a wrong type, an out-of-range value. A typo
/// must never train silently with a default.
/// </summary>
public sealed class SchemaValidator
{
    private readonly string sourceName;
    private readonly string baseDirectory;
    private readonly IReadOnlyDictionary<YamlNode, string> overrides;
    private readonly List<string> errors = [];

    /// <param name="sourceName">File name used in messages.</param>
    /// <param name="baseDirectory">Folder that relative paths are resolved against.</param>
    /// <param name="overrides">Nodes that came from <c>--set</c>, with the text to show instead of a line.</param>
    public SchemaValidator(string sourceName, string baseDirectory, IReadOnlyDictionary<YamlNode, string>? overrides = null)
    {
        this.sourceName = sourceName;
        this.baseDirectory = baseDirectory;
        this.overrides = overrides ?? new Dictionary<YamlNode, string>();
    }

    /// <summary>Problems found so far, one line each.</summary>
    public IReadOnlyList<string> Errors => errors;

    /// <summary>Validates <paramref name="node"/> (null if absent) and returns the resolved value.</summary>
    public object? Validate(YamlNode? node, SchemaNode schema, string keyPath, Dictionary<string, object?> root)
        => Visit(node, schema, keyPath, root, root, parentNode: null);

    private object? Visit(YamlNode? node, SchemaNode schema, string keyPath, Dictionary<string, object?> root,
        IReadOnlyDictionary<string, object?> local, YamlNode? parentNode)
    {
        switch (schema)
        {
            case ObjectSchema obj: return VisitObject(node, obj, keyPath, root, parentNode);
            case ValueSchema value: return VisitValue(node, value.Spec, keyPath, parentNode);
            case ListSchema list:
            {
                var result = new List<object?>();
                if (node is null || IsNull(node)) return result;
                if (node is not YamlSequenceNode seq)
                {
                    Error(node, keyPath, "expected a list");
                    return result;
                }
                for (int i = 0; i < seq.Children.Count; i++)
                    result.Add(Visit(seq.Children[i], list.Item, $"{keyPath}[{i}]", root, local, seq));
                return result;
            }
            case MapSchema map:
            {
                var result = new Dictionary<string, object?>();
                if (node is null || IsNull(node)) return result;
                if (node is not YamlMappingNode m)
                {
                    Error(node, keyPath, "expected a mapping of names to values");
                    return result;
                }
                foreach (var (k, v) in m.Children)
                {
                    var key = ((YamlScalarNode)k).Value ?? "";
                    result[key] = Visit(v, map.Value, Join(keyPath, key), root, local, m);
                }
                return result;
            }
            case DynamicSchema dyn:
            {
                var raw = new Dictionary<string, string>();
                if (node is YamlMappingNode rm)
                    foreach (var (k, v) in rm.Children)
                        if (k is YamlScalarNode ks && v is YamlScalarNode vs && ks.Value is not null && vs.Value is not null)
                            raw[ks.Value] = vs.Value;
                SchemaNode resolved;
                try
                {
                    resolved = dyn.Resolve(new DynamicContext(root, local, raw));
                }
                catch (UserErrorException e)
                {
                    Error(node ?? parentNode, keyPath, e.Message);
                    return null;
                }
                return Visit(node, resolved, keyPath, root, local, parentNode);
            }
            default:
                throw new InvalidOperationException($"unknown schema node {schema.GetType().Name}");
        }
    }

    private Dictionary<string, object?> VisitObject(YamlNode? node, ObjectSchema obj, string keyPath, Dictionary<string, object?> root, YamlNode? parentNode)
    {
        // The root object is filled in place so that dynamic sections can see the fields validated before them.
        var result = keyPath.Length == 0 ? root : new Dictionary<string, object?>();
        YamlMappingNode? map = null;
        if (node is not null && !IsNull(node))
        {
            map = node as YamlMappingNode;
            if (map is null) Error(node, keyPath, "expected a mapping (key: value lines)");
        }
        var given = new Dictionary<string, (YamlNode Key, YamlNode Value)>();
        if (map is not null)
        {
            foreach (var (k, v) in map.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                if (obj.Find(name) is null)
                {
                    var hint = Suggest(name, obj.Fields.Select(f => f.Name));
                    Error(k, Join(keyPath, name), "unknown key" + (hint is null ? "" : $" (did you mean '{hint}'?)")
                        + $"; allowed here: {string.Join(", ", obj.Fields.Select(f => f.Name))}");
                    continue;
                }
                given[name] = (k, v);
            }
        }
        foreach (var field in obj.Fields)
        {
            var present = given.TryGetValue(field.Name, out var kv);
            result[field.Name] = Visit(present ? kv.Value : null, field.Node, Join(keyPath, field.Name), root, result, map ?? parentNode ?? node);
        }
        return result;
    }

    private object? VisitValue(YamlNode? node, OptionSpec spec, string keyPath, YamlNode? parentNode)
    {
        if (node is null)
        {
            if (spec.Required) Error(parentNode, keyPath, $"missing required key ({spec.Summary})");
            return spec.Type == OptionType.Path && spec.Default is string p ? ResolvePath(p) : spec.Default;
        }
        if (IsNull(node))
        {
            if (spec.Nullable || spec.Default is null) return null;
            Error(node, keyPath, $"must not be empty ({Describe(spec)})");
            return spec.Default;
        }
        switch (spec.Type)
        {
            case OptionType.IntList:
            case OptionType.DoubleList:
            case OptionType.StringList:
            {
                if (node is not YamlSequenceNode seq)
                {
                    Error(node, keyPath, $"expected a list ({Describe(spec)})");
                    return spec.Default;
                }
                var elementType = spec.Type switch { OptionType.IntList => OptionType.Int, OptionType.DoubleList => OptionType.Double, _ => OptionType.String };
                var list = new List<object?>();
                for (int i = 0; i < seq.Children.Count; i++)
                    list.Add(Scalar(seq.Children[i], spec with { Type = elementType }, $"{keyPath}[{i}]"));
                return list;
            }
            default:
                return Scalar(node, spec, keyPath);
        }
    }

    private object? Scalar(YamlNode node, OptionSpec spec, string keyPath)
    {
        if (node is not YamlScalarNode s)
        {
            Error(node, keyPath, $"expected a single value ({Describe(spec)})");
            return spec.Default;
        }
        var text = s.Value ?? "";
        bool plain = s.Style is ScalarStyle.Plain or ScalarStyle.Any;
        switch (spec.Type)
        {
            case OptionType.Bool:
                if (plain && (text is "true" or "True" or "false" or "False")) return text is "true" or "True";
                Error(node, keyPath, $"expected true or false, got '{text}'");
                return spec.Default;
            case OptionType.Int:
                if (plain && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    CheckRange(node, keyPath, spec, l);
                    return l;
                }
                Error(node, keyPath, $"expected a whole number, got '{text}'");
                return spec.Default;
            case OptionType.Double:
                if (plain && TryParseDouble(text, out var d))
                {
                    CheckRange(node, keyPath, spec, d);
                    return d;
                }
                Error(node, keyPath, $"expected a number, got '{text}'");
                return spec.Default;
            case OptionType.Enum:
                if (spec.Choices.Contains(text)) return text;
                var hint = Suggest(text, spec.Choices);
                Error(node, keyPath, $"'{text}' is not one of {string.Join(", ", spec.Choices)}" + (hint is null ? "" : $" (did you mean '{hint}'?)"));
                return spec.Default;
            case OptionType.Path:
                return ResolvePath(text);
            default:
                return text;
        }
    }

    private string ResolvePath(string text) =>
        text.Length == 0 ? text : Path.GetFullPath(Path.Combine(baseDirectory, text));

    private static bool TryParseDouble(string text, out double d)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or "+.inf": d = double.PositiveInfinity; return true;
            case "-.inf" or "-.Inf": d = double.NegativeInfinity; return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out d) && !double.IsNaN(d);
    }

    private void CheckRange(YamlNode node, string keyPath, OptionSpec spec, double value)
    {
        if (spec.Min is double min && value < min) Error(node, keyPath, $"{Fmt(value)} is below the minimum {Fmt(min)}");
        if (spec.Max is double max && value > max) Error(node, keyPath, $"{Fmt(value)} is above the maximum {Fmt(max)}");
    }

    private static string Fmt(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private static string Describe(OptionSpec spec) => spec.Type switch
    {
        OptionType.Enum => "one of " + string.Join(", ", spec.Choices),
        _ => spec.Type.ToString().ToLowerInvariant() + (spec.Summary.Length > 0 ? ": " + spec.Summary : ""),
    };

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode s && (s.Style is ScalarStyle.Plain or ScalarStyle.Any) && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private void Error(YamlNode? node, string keyPath, string message)
    {
        string where;
        if (node is not null && overrides.TryGetValue(node, out var setText)) where = $"--set {setText}";
        else if (node is not null && node.Start.Line > 0) where = $"{sourceName}:{node.Start.Line}";
        else where = sourceName;
        errors.Add($"{where}: '{keyPath}': {message}");
    }

    /// <summary>The closest candidate within a small edit distance, for "did you mean" hints.</summary>
    public static string? Suggest(string given, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = Levenshtein(given.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        return best is not null && bestDistance <= Math.Max(2, given.Length / 3) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
