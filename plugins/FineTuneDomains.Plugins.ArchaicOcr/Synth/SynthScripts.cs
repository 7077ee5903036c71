using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>Names, shipped fonts and texts of each <see cref="SynthScript"/>.</summary>
internal static class SynthScripts
{
    /// <summary>The command-line name.</summary>
    public static string Name(SynthScript script) => script switch
    {
        SynthScript.Latin => "latin",
        SynthScript.Blackletter => "blackletter",
        SynthScript.GreekPolytonic => "greek-polytonic",
        _ => "medieval-latin",
    };

    /// <summary>Parses a command-line name.</summary>
    public static SynthScript Parse(string name)
    {
        foreach (var script in Enum.GetValues<SynthScript>())
        {
            if (Name(script) == name.Trim().ToLowerInvariant())
            {
                return script;
            }
        }

        throw new UserErrorException($"Unknown script '{name}': use {string.Join(", ", Enum.GetValues<SynthScript>().Select(Name))}.");
    }

    /// <summary>Font files shipped in the plugin's fonts/ folder for the script.</summary>
    public static IReadOnlyList<string> ShippedFonts(SynthScript script) => script switch
    {
        SynthScript.Latin => new[] { "GFSDidot.otf", "Spira-ProtoRoman110R.otf" },
        SynthScript.Blackletter => new[] { "Blankenburg_UNZ1A.ttf" },
        SynthScript.GreekPolytonic => new[] { "GFSDidot.otf" },
        _ => new[] { "Zainer-GoticoAntiqua96G.otf", "Rusch-GoticoAntiqua100G.otf", "Spira-ProtoRoman110R.otf" },
    };

    /// <summary>The shipped text file (texts/ folder) the words come from.</summary>
    public static string ShippedText(SynthScript script) => script switch
    {
        SynthScript.Latin => "latin.txt",
        SynthScript.Blackletter => "german.txt",
        SynthScript.GreekPolytonic => "greek-polytonic.txt",
        _ => "medieval-latin.txt",
    };

    /// <summary>Letters a font must have to be used for the script at all (fonts from --fonts are filtered by this).</summary>
    public static string CoreLetters(SynthScript script) => script switch
    {
        SynthScript.GreekPolytonic => "αβγδεζηθικλμνξοπρστυφχψωάἀἁῆ",
        SynthScript.Blackletter => "abcdefghiklmnoprstuvwzſ",
        SynthScript.MedievalLatin => "abcdefghilmnopqrstuvxſ",
        _ => "abcdefghilmnopqrstuvx",
    };
}
