namespace FineTuneDomains.Plugins.ArchaicOcr.Metrics;

/// <summary>One step of a Levenshtein alignment: a match, a substitution, a deletion (Hypothesis null) or an
/// insertion (Reference null).</summary>
internal readonly record struct EditOperation(string? Reference, string? Hypothesis)
{
    public bool IsMatch => Reference is not null && Reference == Hypothesis;
}
