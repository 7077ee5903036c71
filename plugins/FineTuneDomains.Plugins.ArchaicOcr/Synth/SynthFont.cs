using SkiaSharp;

namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>A loaded font file and the glyph check that keeps ground truth honest.</summary>
internal sealed class SynthFont : IDisposable
{
    private readonly SKFont probe;

    public SynthFont(string path, SKTypeface typeface)
    {
        Path = path;
        Typeface = typeface;
        probe = new SKFont(typeface, 12);
    }

    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    public SKTypeface Typeface { get; }

    /// <summary>Loads a .ttf/.otf; null when SkiaSharp cannot read it.</summary>
    public static SynthFont? TryLoad(string path)
    {
        var typeface = SKTypeface.FromFile(path);
        return typeface is null ? null : new SynthFont(path, typeface);
    }

    /// <summary>True when the font has a glyph for every non-space character (spaces are drawn as advance only).</summary>
    public bool CanDraw(string text)
    {
        var visible = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (visible.Length == 0)
        {
            return true;
        }

        var glyphs = probe.GetGlyphs(visible);
        return glyphs.All(g => g != 0);
    }

    public void Dispose()
    {
        probe.Dispose();
        Typeface.Dispose();
    }
}
