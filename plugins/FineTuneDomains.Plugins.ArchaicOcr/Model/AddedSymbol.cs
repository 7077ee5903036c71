namespace FineTuneDomains.Plugins.ArchaicOcr.Model;

/// <summary>A character added to a recogniser's alphabet and the known character its output row was copied from
/// (null: the mean of the known rows).</summary>
internal sealed record AddedSymbol(string Symbol, string? InitialisedFrom);
