namespace FineTuneDomains.Core.Models;

/// <summary>
/// What loading pretrained weights into a backbone did: which keys were loaded, which the model has but the
/// source lacks (missing), which the source has but the model does not (unexpected), which differ in shape, and
/// which were skipped on purpose (the classifier, layers after <c>return_layer</c>).
/// </summary>
public sealed class WeightLoadReport
{
    internal WeightLoadReport(string source, IReadOnlyList<string> loaded, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<ShapeMismatch> shapeMismatches, IReadOnlyList<string> ignored, IReadOnlyList<string> notes)
    {
        Source = source;
        Loaded = loaded;
        Missing = missing;
        Unexpected = unexpected;
        ShapeMismatches = shapeMismatches;
        Ignored = ignored;
        Notes = notes;
    }

    /// <summary>Where the weights came from (a file path, or <c>imagenet (…)</c>).</summary>
    public string Source { get; }

    /// <summary>Keys copied into the model.</summary>
    public IReadOnlyList<string> Loaded { get; }

    /// <summary>Model keys the source does not have: they keep their fresh initialisation.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Source keys the model does not have.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Keys present in both with different shapes: not loaded.</summary>
    public IReadOnlyList<ShapeMismatch> ShapeMismatches { get; }

    /// <summary>Source keys of parts the model leaves out on purpose (classifier <c>fc</c>, layers after <c>return_layer</c>).</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>Adaptations made on the way (e.g. the stem summed over input channels for 1-channel inputs).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>True when every model tensor was loaded and nothing in the source was unexpected or mis-shaped.</summary>
    public bool IsComplete => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatches.Count == 0;

    /// <summary>A few lines for logs and the run report.</summary>
    public override string ToString()
    {
        var lines = new List<string> { $"{Source}: loaded {Loaded.Count} tensors, ignored {Ignored.Count}" };
        if (Missing.Count > 0) lines.Add($"missing ({Missing.Count}): {List(Missing)}");
        if (Unexpected.Count > 0) lines.Add($"unexpected ({Unexpected.Count}): {List(Unexpected)}");
        if (ShapeMismatches.Count > 0) lines.Add($"shape mismatches ({ShapeMismatches.Count}): {List(ShapeMismatches.Select(m => m.ToString()).ToList())}");
        lines.AddRange(Notes);
        return string.Join(Environment.NewLine, lines);
    }

    private static string List(IReadOnlyList<string> items) =>
        items.Count <= 12 ? string.Join(", ", items) : string.Join(", ", items.Take(12)) + $", … ({items.Count - 12} more)";
}
