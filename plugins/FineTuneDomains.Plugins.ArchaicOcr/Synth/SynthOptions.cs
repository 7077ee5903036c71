using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>What to synthesise.</summary>
/// <param name="Script">Script and period spelling.</param>
/// <param name="Count">Number of lines.</param>
/// <param name="Seed">Everything (text, font, size, skew, warp, degradation) follows from it.</param>
/// <param name="Strength">Degradation strength: 0 clean, 1 typical old print, up to 2.</param>
/// <param name="FontsFolder">Extra .ttf/.otf fonts to use besides the shipped ones.</param>
/// <param name="WordsFile">Word list or text to draw words from instead of the shipped text.</param>
/// <param name="MinChars">Shortest line, in characters.</param>
/// <param name="MaxChars">Longest line, in characters.</param>
internal sealed record SynthOptions(
    SynthScript Script,
    int Count = 100,
    int Seed = 1,
    double Strength = 1,
    string? FontsFolder = null,
    string? WordsFile = null,
    int MinChars = 12,
    int MaxChars = 40)
{
    /// <summary>Throws a settings error for impossible values.</summary>
    public void Validate()
    {
        if (Count <= 0)
        {
            throw new UserErrorException($"--count must be positive (got {Count}).");
        }

        if (Strength is < 0 or > 2)
        {
            throw new UserErrorException($"--strength must be between 0 and 2 (got {Strength}).");
        }

        if (MinChars <= 0 || MaxChars < MinChars)
        {
            throw new UserErrorException($"Line length range {MinChars}..{MaxChars} is empty.");
        }
    }
}
