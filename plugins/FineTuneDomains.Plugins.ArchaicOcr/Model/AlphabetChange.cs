using System.Text;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Model;

/// <summary>What an alphabet change did, for the run record.</summary>
/// <param name="Mode">The resize mode used.</param>
/// <param name="Kept">Base characters whose output rows were kept bit-identically.</param>
/// <param name="Added">New characters and where their rows came from.</param>
/// <param name="Dropped">Base characters no longer in the alphabet (mode <c>new</c> only).</param>
internal sealed record AlphabetChange(AlphabetResizeMode Mode, IReadOnlyList<string> Kept, IReadOnlyList<AddedSymbol> Added, IReadOnlyList<string> Dropped)
{
    /// <summary>A few lines for logs and reports.</summary>
    public string Describe()
    {
        var builder = new StringBuilder();
        builder.Append($"alphabet {Mode.ToString().ToLowerInvariant()}: {Kept.Count} kept, {Added.Count} added, {Dropped.Count} dropped");
        foreach (var added in Added)
        {
            builder.AppendLine().Append($"  + {TextNormalizer.Describe(added.Symbol)} from ")
                .Append(added.InitialisedFrom is null ? "the mean of the known rows" : TextNormalizer.Describe(added.InitialisedFrom));
        }

        foreach (var dropped in Dropped)
        {
            builder.AppendLine().Append($"  - {TextNormalizer.Describe(dropped)}");
        }

        return builder.ToString();
    }
}
