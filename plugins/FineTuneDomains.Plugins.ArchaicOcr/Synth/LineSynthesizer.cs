using System.Globalization;
using System.Text;
using FineTuneDomains.Plugins.ArchaicOcr.Imaging;

namespace FineTuneDomains.Plugins.ArchaicOcr.Synth;

/// <summary>
/// Renders synthetic text lines for a script and writes tesstrain pairs (<c>NNNNNN.png</c> + <c>NNNNNN.gt.txt</c>)
/// and <c>lines.tsv</c> (image, transcription, font: a list a manifest can be built from). Line <c>i</c> depends
/// only on the seed and <c>i</c>, so the output is identical on every run and machine with the same fonts.
/// </summary>
internal sealed class LineSynthesizer : IDisposable
{
    private readonly SynthOptions options;
    private readonly IReadOnlyList<SynthFont> fonts;
    private readonly SynthText text;

    public LineSynthesizer(SynthOptions options)
    {
        options.Validate();
        this.options = options;
        fonts = FontCatalog.Load(options.Script, options.FontsFolder);
        var words = options.WordsFile is not null
            ? SynthText.ReadWords(options.WordsFile)
            : SynthText.ReadWords(Path.Combine(FontCatalog.PluginFolder, "texts", SynthScripts.ShippedText(options.Script)));
        text = new SynthText(options.Script, words);
    }

    /// <summary>Font files in use, in order.</summary>
    public IReadOnlyList<string> FontNames => fonts.Select(f => f.Name).ToList();

    /// <summary>Renders line <paramref name="index"/> without writing it.</summary>
    public (GreyImage Image, SynthLine Line) Render(int index)
    {
        var random = new Random(unchecked((options.Seed * 1_000_003) + index));
        var font = fonts[random.Next(fonts.Count)];
        var length = random.Next(options.MinChars, options.MaxChars + 1);
        var line = text.Line(random, length, font.CanDraw);
        if (line.Length == 0)
        {
            throw new FineTuneDomains.Core.UserErrorException(
                $"Font {font.Name} cannot draw any word of the word list for {SynthScripts.Name(options.Script)}.");
        }

        var size = 28 + (float)(random.NextDouble() * 14);
        var skew = ((random.NextDouble() * 2) - 1) * 1.5 * options.Strength;
        var warp = random.NextDouble() * 2.5 * options.Strength;
        var phase = random.NextDouble() * 2 * Math.PI;
        var spacing = (float)(((random.NextDouble() * 2) - 1) * 0.6);
        var clean = LineRenderer.Render(font, line, size, skew, warp, phase, spacing);
        var degradation = Degradation.Draw(random, options.Strength);
        var image = Degrader.Apply(clean, degradation, random);
        return (image, new SynthLine($"{index:D6}.png", line, font.Name, degradation));
    }

    /// <summary>Writes all lines into <paramref name="folder"/> (created if needed) and returns them.</summary>
    public IReadOnlyList<SynthLine> Write(string folder, IProgress<int>? progress = null)
    {
        Directory.CreateDirectory(folder);
        var lines = new List<SynthLine>(options.Count);
        for (var i = 0; i < options.Count; i++)
        {
            var (image, line) = Render(i);
            image.SavePng(Path.Combine(folder, line.ImageFile));
            File.WriteAllText(Path.Combine(folder, Path.ChangeExtension(line.ImageFile, null) + ".gt.txt"), line.Text + "\n", new UTF8Encoding(false));
            lines.Add(line);
            progress?.Report(i + 1);
        }

        var tsv = new StringBuilder("image\ttext\tfont\n");
        foreach (var line in lines)
        {
            tsv.Append(CultureInfo.InvariantCulture, $"{line.ImageFile}\t{line.Text}\t{line.Font}\n");
        }

        File.WriteAllText(Path.Combine(folder, "lines.tsv"), tsv.ToString(), new UTF8Encoding(false));
        return lines;
    }

    public void Dispose()
    {
        foreach (var font in fonts)
        {
            font.Dispose();
        }
    }
}
