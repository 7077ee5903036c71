using System.Globalization;

namespace FineTuneDomains.Core.Config;

/// <summary>
/// Validated settings with every default filled in: numbers are <see cref="long"/> or <see cref="double"/>,
/// lists are <see cref="IReadOnlyList{T}"/> of those, paths are absolute strings.
/// </summary>
public sealed class Settings
{
    private readonly IReadOnlyDictionary<string, object?> values;

    public Settings(IReadOnlyDictionary<string, object?> values) => this.values = values;

    /// <summary>No settings.</summary>
    public static Settings Empty { get; } = new(new Dictionary<string, object?>());

    /// <summary>Builds settings from a schema's defaults, overridden by <paramref name="values"/> (no validation).</summary>
    public static Settings FromDefaults(IEnumerable<OptionSpec> schema, IReadOnlyDictionary<string, object?>? values = null)
    {
        var d = new Dictionary<string, object?>();
        foreach (var o in schema) d[o.Name] = o.Default;
        if (values is not null) foreach (var kv in values) d[kv.Key] = kv.Value;
        return new Settings(d);
    }

    /// <summary>The raw values, in schema order.</summary>
    public IReadOnlyDictionary<string, object?> Values => values;

    public bool Has(string name) => values.ContainsKey(name);

    public object? this[string name] => values.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"setting '{name}' is not defined");

    public bool IsNull(string name) => this[name] is null;
    public bool GetBool(string name) => (bool)this[name]!;
    public int GetInt(string name) => checked((int)Convert.ToInt64(this[name], CultureInfo.InvariantCulture));
    public long GetLong(string name) => Convert.ToInt64(this[name], CultureInfo.InvariantCulture);
    public double GetDouble(string name) => Convert.ToDouble(this[name], CultureInfo.InvariantCulture);
    public double? GetDoubleOrNull(string name) => this[name] is null ? null : GetDouble(name);
    public int? GetIntOrNull(string name) => this[name] is null ? null : GetInt(name);
    public string GetString(string name) => (string)this[name]!;
    public string? GetStringOrNull(string name) => (string?)this[name];
    public IReadOnlyList<double> GetDoubles(string name) => ((System.Collections.IEnumerable)this[name]!).Cast<object>().Select(o => Convert.ToDouble(o, CultureInfo.InvariantCulture)).ToList();
    public IReadOnlyList<int> GetInts(string name) => ((System.Collections.IEnumerable)this[name]!).Cast<object>().Select(o => checked((int)Convert.ToInt64(o, CultureInfo.InvariantCulture))).ToList();
    public IReadOnlyList<string> GetStrings(string name) => ((System.Collections.IEnumerable)this[name]!).Cast<object>().Select(o => (string)o).ToList();

    /// <summary>A nested object section (e.g. <c>train.early_stopping</c>).</summary>
    public Settings GetSection(string name) => new((IReadOnlyDictionary<string, object?>)this[name]!);

    /// <summary>A list of object sections (e.g. the <c>augment</c> list).</summary>
    public IReadOnlyList<Settings> GetSections(string name) =>
        this[name] is System.Collections.IEnumerable list
            ? list.Cast<IReadOnlyDictionary<string, object?>>().Select(d => new Settings(d)).ToList()
            : [];

    /// <summary>A map of names to values (e.g. per-group learning rates).</summary>
    public IReadOnlyDictionary<string, object?> GetMap(string name) =>
        (IReadOnlyDictionary<string, object?>?)this[name] ?? new Dictionary<string, object?>();

    public override string ToString() => string.Join(", ", values.Select(kv => $"{kv.Key}={kv.Value}"));
}
