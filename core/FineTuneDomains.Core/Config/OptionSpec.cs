namespace FineTuneDomains.Core.Config;

/// <summary>
/// One setting a plugin (or the core) accepts: its name, type, default and allowed range. Experiments are
/// validated against these: unknown keys, wrong types and out-of-range values are errors with the line.
/// </summary>
public sealed record OptionSpec(string Name, OptionType Type, object? Default, string Summary)
{
    /// <summary>Smallest allowed value (numbers, and every element of number lists).</summary>
    public double? Min { get; init; }

    /// <summary>Largest allowed value.</summary>
    public double? Max { get; init; }

    /// <summary>Allowed values for <see cref="OptionType.Enum"/>.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>True if null (YAML <c>~</c> or <c>null</c>) is allowed; a null default implies it.</summary>
    public bool Nullable { get; init; }

    /// <summary>True if the experiment must give it (no default).</summary>
    public bool Required { get; init; }

    public static OptionSpec Bool(string name, bool @default, string summary) => new(name, OptionType.Bool, @default, summary);
    public static OptionSpec Int(string name, long? @default, string summary, long? min = null, long? max = null) =>
        new(name, OptionType.Int, @default, summary) { Min = min, Max = max, Nullable = @default is null };
    public static OptionSpec Double(string name, double? @default, string summary, double? min = null, double? max = null) =>
        new(name, OptionType.Double, @default, summary) { Min = min, Max = max, Nullable = @default is null };
    public static OptionSpec String(string name, string? @default, string summary) =>
        new(name, OptionType.String, @default, summary) { Nullable = @default is null };
    public static OptionSpec Enum(string name, string @default, string summary, params string[] choices) =>
        new(name, OptionType.Enum, @default, summary) { Choices = choices };
    public static OptionSpec Path(string name, string? @default, string summary) =>
        new(name, OptionType.Path, @default, summary) { Nullable = @default is null };
    public static OptionSpec Doubles(string name, double[]? @default, string summary, double? min = null, double? max = null) =>
        new(name, OptionType.DoubleList, @default?.ToList(), summary) { Min = min, Max = max, Nullable = @default is null };
    public static OptionSpec Ints(string name, long[]? @default, string summary, long? min = null, long? max = null) =>
        new(name, OptionType.IntList, @default?.ToList(), summary) { Min = min, Max = max, Nullable = @default is null };
    public static OptionSpec Strings(string name, string[]? @default, string summary) =>
        new(name, OptionType.StringList, @default?.ToList(), summary) { Nullable = @default is null };
}
