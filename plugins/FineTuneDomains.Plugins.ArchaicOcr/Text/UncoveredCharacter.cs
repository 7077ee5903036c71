namespace FineTuneDomains.Plugins.ArchaicOcr.Text;

/// <summary>A character found in ground truth that the alphabet cannot emit.</summary>
/// <param name="Symbol">The code point, after the alphabet's normalisation.</param>
/// <param name="Count">How often it occurs in the ground truth.</param>
/// <param name="Examples">Up to three lines it occurs in, as "source: text".</param>
internal sealed record UncoveredCharacter(string Symbol, int Count, IReadOnlyList<string> Examples);
