using System.Collections;

namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Metric values in the order they were added (name → value). This is what an evaluator returns (it is an
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> that enumerates in order), what a line of
/// <c>metrics.jsonl</c> holds and what early stopping and best-checkpoint selection read.
/// </summary>
public sealed class MetricSet : IReadOnlyList<KeyValuePair<string, double>>, IReadOnlyDictionary<string, double>
{
    private readonly List<KeyValuePair<string, double>> _items = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>An empty set.</summary>
    public MetricSet()
    {
    }

    /// <summary>A set holding the given pairs in order; a repeated name keeps its first position and last value.</summary>
    public MetricSet(IEnumerable<KeyValuePair<string, double>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var (name, value) in items)
        {
            Set(name, value);
        }
    }

    /// <summary>Number of metrics.</summary>
    public int Count => _items.Count;

    /// <summary>Metric names in order.</summary>
    public IEnumerable<string> Names => _items.Select(p => p.Key);

    /// <summary>Metric names in order (the dictionary view).</summary>
    public IEnumerable<string> Keys => Names;

    /// <summary>Values in order.</summary>
    public IEnumerable<double> Values => _items.Select(p => p.Value);

    /// <summary>The pair at a position.</summary>
    public KeyValuePair<string, double> this[int index] => _items[index];

    /// <summary>The value of a metric.</summary>
    /// <exception cref="KeyNotFoundException">No metric has that name; the message lists the names present.</exception>
    public double this[string name] =>
        _index.TryGetValue(name, out var i)
            ? _items[i].Value
            : throw new KeyNotFoundException($"no metric '{name}' (have: {string.Join(", ", Names)})");

    /// <summary>Adds a metric; a name already present is an error (two metrics must not share a name).</summary>
    public MetricSet Add(string name, double value)
    {
        ValidateName(name);
        if (_index.ContainsKey(name))
        {
            throw new ArgumentException($"metric '{name}' is already in the set", nameof(name));
        }

        _index[name] = _items.Count;
        _items.Add(new(name, value));
        return this;
    }

    /// <summary>Adds a metric or replaces its value, keeping its position.</summary>
    public MetricSet Set(string name, double value)
    {
        ValidateName(name);
        if (_index.TryGetValue(name, out var i))
        {
            _items[i] = new(name, value);
        }
        else
        {
            _index[name] = _items.Count;
            _items.Add(new(name, value));
        }

        return this;
    }

    /// <summary>Whether a metric is present.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>Whether a metric is present (the dictionary view).</summary>
    public bool ContainsKey(string key) => _index.ContainsKey(key);

    /// <summary>Looks a metric up without throwing.</summary>
    public bool TryGetValue(string name, out double value)
    {
        if (_index.TryGetValue(name, out var i))
        {
            value = _items[i].Value;
            return true;
        }

        value = double.NaN;
        return false;
    }

    /// <summary>A new set with every name prefixed (<c>val/</c>, <c>retain/</c>): how splits share one log line.</summary>
    public MetricSet WithPrefix(string prefix) =>
        new(_items.Select(p => new KeyValuePair<string, double>(prefix + p.Key, p.Value)));

    /// <summary>Adds every metric of another set (names must not clash).</summary>
    public MetricSet AddRange(MetricSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (name, value) in other)
        {
            Add(name, value);
        }

        return this;
    }

    /// <summary>An ordinary dictionary copy (for serialisers).</summary>
    public Dictionary<string, double> ToDictionary() => _items.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>"name=value" pairs in order, invariant culture, for logs.</summary>
    public override string ToString() =>
        string.Join(" ", _items.Select(p => FormattableString.Invariant($"{p.Key}={p.Value:G6}")));

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("metric name must not be empty", nameof(name));
        }
    }
}
