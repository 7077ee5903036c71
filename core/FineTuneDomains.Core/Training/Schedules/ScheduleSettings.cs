using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// Typed, checked access to a schedule's settings as they come from YAML (strings, lists), JSON
/// (<see cref="JsonElement"/>) or code (numbers). Every problem is a <see cref="UserErrorException"/> naming the
/// schedule and the key; keys nobody asked for are reported as unknown (typos must not be ignored).
/// </summary>
internal sealed class ScheduleSettings
{
    private readonly string _schedule;
    private readonly Dictionary<string, object?> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public ScheduleSettings(string schedule, IReadOnlyDictionary<string, object?>? values)
    {
        _schedule = schedule;
        _values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in values ?? new Dictionary<string, object?>())
        {
            var normal = key.Trim().ToLowerInvariant().Replace('-', '_');
            if (!_values.TryAdd(normal, value))
            {
                throw Error(key, "is given twice");
            }
        }
    }

    public bool Has(string key)
    {
        _read.Add(key);
        return _values.TryGetValue(key, out var v) && v is not null;
    }

    public double Double(string key, double? fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity,
        bool minExclusive = false, bool maxExclusive = false)
    {
        if (!Has(key))
        {
            return fallback ?? throw Error(key, "is required");
        }

        var raw = _values[key];
        var value = ToDouble(raw) ?? throw Error(key, $"must be a number, got '{Show(raw)}'");
        var tooLow = minExclusive ? value <= min : value < min;
        var tooHigh = maxExclusive ? value >= max : value > max;
        if (!double.IsFinite(value) || tooLow || tooHigh)
        {
            throw Error(key, $"must be {Range(min, max, minExclusive, maxExclusive)}, got {value.ToString(CultureInfo.InvariantCulture)}");
        }

        return value;
    }

    public long Long(string key, long? fallback, long min = 0, long max = long.MaxValue)
    {
        if (!Has(key))
        {
            return fallback ?? throw Error(key, "is required");
        }

        return ToWhole(key, _values[key], min, max);
    }

    public bool Bool(string key, bool fallback)
    {
        if (!Has(key))
        {
            return fallback;
        }

        return _values[key] switch
        {
            bool b => b,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            string s when bool.TryParse(s.Trim(), out var b) => b,
            var other => throw Error(key, $"must be true or false, got '{Show(other)}'"),
        };
    }

    public string? String(string key)
    {
        if (!Has(key))
        {
            return null;
        }

        return _values[key] switch
        {
            string s => s.Trim(),
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!.Trim(),
            var other => throw Error(key, $"must be text, got '{Show(other)}'"),
        };
    }

    public T Choice<T>(string key, T fallback, params (string Name, T Value)[] choices)
    {
        var text = String(key);
        if (text is null)
        {
            return fallback;
        }

        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw Error(key, $"must be one of {string.Join(", ", choices.Select(c => c.Name))}, got '{text}'");
    }

    public long[] LongList(string key, long min)
    {
        if (!Has(key))
        {
            throw Error(key, "is required");
        }

        var raw = _values[key];
        IEnumerable<object?> items = raw switch
        {
            string s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Cast<object?>(),
            IEnumerable e => e.Cast<object?>(),
            _ => [raw],
        };
        return items.Select(item => ToWhole(key, item, min, long.MaxValue)).ToArray();
    }

    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            var known = string.Join(", ", _read.Order(StringComparer.Ordinal));
            throw new UserErrorException(
                $"schedule '{_schedule}': unknown setting{(unknown.Length > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} (known: {known})");
        }
    }

    public UserErrorException Error(string key, string problem) => new($"schedule '{_schedule}': setting '{key}' {problem}");

    private long ToWhole(string key, object? raw, long min, long max)
    {
        var value = ToDouble(raw);
        if (value is not double v || v != Math.Floor(v) || v < min || v > max)
        {
            var bound = max == long.MaxValue ? $"≥ {min}" : $"between {min} and {max}";
            throw Error(key, $"must be a whole number {bound}, got '{Show(raw)}'");
        }

        return (long)v;
    }

    private static double? ToDouble(object? raw) => raw switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        short s => s,
        byte b => b,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.String } e => Parse(e.GetString()!),
        string s => Parse(s),
        _ => null,
    };

    private static double? Parse(string s) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string Show(object? raw) => raw switch
    {
        null => "null",
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => raw.ToString() ?? "",
    };

    private static string Range(double min, double max, bool minExclusive, bool maxExclusive)
    {
        var lower = double.IsNegativeInfinity(min) ? null : $"{(minExclusive ? ">" : "≥")} {min.ToString(CultureInfo.InvariantCulture)}";
        var upper = double.IsPositiveInfinity(max) ? null : $"{(maxExclusive ? "<" : "≤")} {max.ToString(CultureInfo.InvariantCulture)}";
        return (lower, upper) switch
        {
            (null, null) => "a finite number",
            (_, null) => $"a number {lower}",
            (null, _) => $"a number {upper}",
            _ => $"a number {lower} and {upper}",
        };
    }
}
