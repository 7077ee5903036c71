using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>
/// The fonts available for a script: the OFL fonts shipped beside the plugin (fonts/) and any .ttf/.otf in an extra
/// folder, the latter only if they have the script's core letters. Ordered by file name so the choice is the same on
/// every machine.
/// </summary>
internal static class FontCatalog
{
    /// <summary>The folder the plugin's fonts are copied to at build time.</summary>
    public static string ShippedFolder => Path.Combine(PluginFolder, "fonts");

    /// <summary>The plugin assembly's folder (plugins are loaded from their own folder).</summary>
    public static string PluginFolder => Path.GetDirectoryName(typeof(FontCatalog).Assembly.Location) ?? AppContext.BaseDirectory;

    /// <summary>Loads the fonts for a script.</summary>
    public static IReadOnlyList<SynthFont> Load(SynthScript script, string? extraFolder)
    {
        var fonts = new List<SynthFont>();
        foreach (var name in SynthScripts.ShippedFonts(script))
        {
            var path = Path.Combine(ShippedFolder, name);
            if (!File.Exists(path))
            {
                throw new UserErrorException($"Shipped font '{path}' is missing: the plugin's fonts/ folder was not copied with it.");
            }

            fonts.Add(SynthFont.TryLoad(path) ?? throw new DataFormatException(path, "SkiaSharp cannot read this font"));
        }

        if (extraFolder is not null)
        {
            if (!Directory.Exists(extraFolder))
            {
                throw new UserErrorException($"Font folder '{extraFolder}' does not exist.");
            }

            var files = Directory.EnumerateFiles(extraFolder, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".otf", StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f, StringComparer.Ordinal);
            foreach (var file in files)
            {
                var font = SynthFont.TryLoad(file);
                if (font is not null && font.CanDraw(SynthScripts.CoreLetters(script)))
                {
                    fonts.Add(font);
                }
                else
                {
                    font?.Dispose();
                }
            }
        }

        return fonts;
    }
}
