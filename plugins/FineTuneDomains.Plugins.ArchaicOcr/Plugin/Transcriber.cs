using System.Globalization;
using System.Text;
using System.Xml.Linq;
using FineTuneDomains.Core;
using FineTuneDomains.Core.Training;
using FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;
using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using FineTuneDomains.Plugins.ArchaicOcr.Model;
using FineTuneDomains.Plugins.ArchaicOcr.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>
/// Transcribes line images and the TextLines of PAGE XML pages with a trained recogniser. PAGE output is the input
/// page with each line's TextEquiv replaced by the recognised text (written as <c>name.ocr.xml</c> or into an output
/// folder; inputs are never overwritten).
/// </summary>
internal sealed class Transcriber : IDisposable
{
    private const int BatchSize = 16;
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"];

    private readonly Func<Tensor, Tensor> forward;
    private readonly IDisposable? owner;

    public Transcriber(Func<Tensor, Tensor> forward, Alphabet alphabet, LinePreprocessing preprocessing, int beamWidth, IDisposable? owner = null)
    {
        this.forward = forward;
        this.owner = owner;
        Alphabet = alphabet;
        Preprocessing = preprocessing;
        BeamWidth = beamWidth;
    }

    public Alphabet Alphabet { get; }

    public LinePreprocessing Preprocessing { get; }

    public int BeamWidth { get; }

    /// <summary>Loads a run folder or checkpoint trained with this plugin.</summary>
    public static Transcriber Load(ArchaicOcrPlugin plugin, string runOrCheckpoint, int beamWidth)
    {
        var model = TrainedModel.Load(runOrCheckpoint, plugin, inputChannels: 1);
        if (!model.HeadMetadata.TryGetValue(OcrMetadata.Alphabet, out var json))
        {
            model.Dispose();
            throw new UserErrorException($"{model.CheckpointPath}: the checkpoint's head stored no alphabet; it is not an archaic-ocr recogniser.");
        }

        var alphabet = Alphabet.FromJson(json, model.CheckpointPath);
        var preprocessing = OcrOptions.Preprocessing(model.Experiment.Task.Options, model.Experiment.DataOptions);
        return new Transcriber(model.Forward, alphabet, preprocessing, beamWidth, model);
    }

    /// <summary>Recognises line images (grey, any size); the results are in the alphabet's normalisation.</summary>
    public IReadOnlyList<string> Recognise(IReadOnlyList<GreyImage> lines)
    {
        var results = new List<string>(lines.Count);
        foreach (var chunk in lines.Chunk(BatchSize))
        {
            using var scope = torch.NewDisposeScope();
            var tensors = chunk.Select(l => LinePreprocessor.ToTensor(l, Preprocessing)).ToList();
            using var batch = LineBatcher.Collate(tensors, tensors.Select(_ => Array.Empty<int>()).ToList());
            var output = forward(batch.Images);
            results.AddRange(CrnnDecoding.Decode(output, batch.Widths, Alphabet, BeamWidth));
        }

        return results;
    }

    /// <summary>Transcribes every input (files or folders); returns (written file, text) pairs.</summary>
    public IReadOnlyList<(string File, string Text)> Run(IReadOnlyList<string> inputs, bool pageOutput, string? outDir)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => IsImage(f) || (f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && PageXmlReader.IsPageXml(f) && !f.EndsWith(".ocr.xml", StringComparison.OrdinalIgnoreCase)))
                    .OrderBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                throw new UserErrorException($"{input}: no such file or folder");
            }
        }

        var written = new List<(string, string)>();
        foreach (var file in files)
        {
            written.AddRange(file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
                ? TranscribePage(file, pageOutput, outDir)
                : [TranscribeLine(file, outDir)]);
        }

        return written;
    }

    private static bool IsImage(string path) => ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    private static string OutputPath(string input, string? outDir, string suffix)
    {
        var name = Path.GetFileNameWithoutExtension(input) + suffix;
        if (outDir is null)
        {
            return Path.Combine(Path.GetDirectoryName(input)!, name);
        }

        Directory.CreateDirectory(outDir);
        return Path.Combine(outDir, name);
    }

    private (string, string) TranscribeLine(string image, string? outDir)
    {
        var text = Recognise([GreyImage.Load(image)])[0];
        var path = OutputPath(image, outDir, ".txt");
        File.WriteAllText(path, text + "\n", new UTF8Encoding(false));
        return (path, text);
    }

    private IEnumerable<(string, string)> TranscribePage(string pageFile, bool pageOutput, string? outDir)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(pageFile, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        }
        catch (System.Xml.XmlException e)
        {
            throw new DataFormatException(pageFile, $"line {e.LineNumber}: not well-formed XML: {e.Message}");
        }

        var ns = document.Root!.Name.Namespace;
        var page = document.Root.Element(ns + "Page") ?? throw new DataFormatException(pageFile, "PcGts has no Page element");
        var imageName = page.Attribute("imageFilename")?.Value ?? throw new DataFormatException(pageFile, "Page has no imageFilename");
        var pageImage = GreyImage.Load(PageXmlReader.ResolveImage(pageFile, imageName, page));
        var lineElements = page.Descendants(ns + "TextLine").Where(l => l.Element(ns + "Coords") is not null).ToList();
        var images = new List<GreyImage>();
        foreach (var line in lineElements)
        {
            var where = $"line {PageXmlReader.LineOf(line)} (TextLine '{line.Attribute("id")?.Value ?? "?"}')";
            var polygon = PageXmlReader.ParsePoints(pageFile, line.Element(ns + "Coords")!, where, ns);
            if (polygon.Count < 3)
            {
                throw new DataFormatException(pageFile, $"{where}: Coords has {polygon.Count} point(s); a line polygon needs at least 3");
            }

            var baseline = line.Element(ns + "Baseline") is { } b ? PageXmlReader.ParsePoints(pageFile, b, where, ns) : null;
            images.Add(LineCutter.Cut(pageImage, polygon, baseline));
        }

        var texts = Recognise(images);
        if (!pageOutput)
        {
            var path = OutputPath(pageFile, outDir, ".txt");
            File.WriteAllText(path, string.Join("\n", texts) + "\n", new UTF8Encoding(false));
            return [(path, $"{texts.Count} lines")];
        }

        for (var i = 0; i < lineElements.Count; i++)
        {
            var line = lineElements[i];
            var equivs = line.Elements(ns + "TextEquiv").ToList();
            var equiv = new XElement(ns + "TextEquiv", new XElement(ns + "Unicode", texts[i]));
            if (equivs.Count > 0)
            {
                equivs[0].ReplaceWith(equiv);
                foreach (var extra in equivs.Skip(1))
                {
                    extra.Remove();
                }
            }
            else
            {
                // PAGE order inside TextLine: Coords, Baseline, TextStyle?, Word*, TextEquiv, ...
                var anchor = line.Elements().LastOrDefault(e => e.Name.LocalName is "Coords" or "Baseline" or "Word" or "AlternativeImage");
                if (anchor is null)
                {
                    line.AddFirst(equiv);
                }
                else
                {
                    anchor.AddAfterSelf(equiv);
                }
            }
        }

        var outPath = outDir is null ? OutputPath(pageFile, null, ".ocr.xml") : OutputPath(pageFile, outDir, ".xml");
        if (Path.GetFullPath(outPath) == Path.GetFullPath(pageFile))
        {
            throw new UserErrorException($"{pageFile}: the output would overwrite the input; choose another --out folder.");
        }

        document.Save(outPath);
        return [(outPath, $"{texts.Count} lines: " + string.Join(" | ", texts.Take(3)).ToString(CultureInfo.InvariantCulture))];
    }

    public void Dispose() => owner?.Dispose();
}
