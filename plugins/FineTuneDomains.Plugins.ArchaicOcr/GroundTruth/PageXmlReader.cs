using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;

/// <summary>
/// Reads transcribed text lines from PAGE XML (PRImA; the 2013-07-15 and 2019-07-15 schemas and the others of the
/// same namespace family): each <c>TextLine</c>'s <c>Coords points="x,y x,y ..."</c>, optional <c>Baseline</c> and
/// its own <c>TextEquiv/Unicode</c>. The page image is <c>Page/@imageFilename</c>, relative to the XML file (or to
/// its parent folder, the layout OCR-D and Transkribus exports use).
/// </summary>
internal static class PageXmlReader
{
    /// <summary>Namespace prefix shared by all PAGE schema versions.</summary>
    public const string NamespacePrefix = "http://schema.primaresearch.org/PAGE/gts/pagecontent/";

    /// <summary>True when the file's root element is a PAGE <c>PcGts</c> (cheap check on the first element only).</summary>
    public static bool IsPageXml(string path)
    {
        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
            return reader.MoveToContent() == XmlNodeType.Element
                && reader.LocalName == "PcGts"
                && reader.NamespaceURI.StartsWith(NamespacePrefix, StringComparison.Ordinal);
        }
        catch (XmlException)
        {
            return false;
        }
    }

    /// <summary>Reads all transcribed lines. Lines without any <c>TextEquiv</c> (layout only) are skipped and counted in
    /// <paramref name="untranscribed"/>; a <c>TextEquiv</c> with empty <c>Unicode</c> is an error.</summary>
    public static IReadOnlyList<GroundTruthLine> Read(string path, out int untranscribed)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(path, LoadOptions.SetLineInfo);
        }
        catch (FileNotFoundException)
        {
            throw new DataFormatException(path, "PAGE file does not exist");
        }
        catch (XmlException e)
        {
            throw new DataFormatException(path, $"line {e.LineNumber}: not well-formed XML: {e.Message}");
        }

        var root = document.Root!;
        var ns = root.Name.Namespace;
        if (root.Name.LocalName != "PcGts" || !ns.NamespaceName.StartsWith(NamespacePrefix, StringComparison.Ordinal))
        {
            throw new DataFormatException(path,
                $"line {LineOf(root)}: root element is {{{ns.NamespaceName}}}{root.Name.LocalName}, not a PAGE PcGts ({NamespacePrefix}...)");
        }

        var page = root.Element(ns + "Page") ?? throw new DataFormatException(path, $"line {LineOf(root)}: PcGts has no Page element");
        var imageName = page.Attribute("imageFilename")?.Value;
        if (string.IsNullOrWhiteSpace(imageName))
        {
            throw new DataFormatException(path, $"line {LineOf(page)}: Page has no imageFilename");
        }

        var imagePath = ResolveImage(path, imageName, page);
        var lines = new List<GroundTruthLine>();
        untranscribed = 0;
        var ordinal = 0;
        foreach (var line in page.Descendants(ns + "TextLine"))
        {
            // PAGE requires ids; without one the line is addressed by its position ("#3").
            var id = line.Attribute("id")?.Value ?? $"#{ordinal}";
            ordinal++;
            var where = $"line {LineOf(line)} (TextLine '{id}')";
            var equivs = line.Elements(ns + "TextEquiv").ToList();
            if (equivs.Count == 0)
            {
                untranscribed++;
                continue;
            }

            // Several readings: PAGE orders them by @index; the lowest is the primary one.
            var equiv = equivs.OrderBy(e => int.TryParse(e.Attribute("index")?.Value, out var i) ? i : int.MaxValue).First();
            var unicode = equiv.Element(ns + "Unicode");
            if (unicode is null)
            {
                throw new DataFormatException(path, $"{where}: TextEquiv has no Unicode element");
            }

            var text = unicode.Value.Trim('\r', '\n');
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new DataFormatException(path, $"{where}: empty transcription (TextEquiv/Unicode is empty)");
            }

            if (text.Contains('\n'))
            {
                throw new DataFormatException(path, $"{where}: transcription spans several lines");
            }

            var coords = line.Element(ns + "Coords") ?? throw new DataFormatException(path, $"{where}: has no Coords");
            var polygon = ParsePoints(path, coords, where, ns);
            if (polygon.Count < 3)
            {
                throw new DataFormatException(path, $"{where}: Coords has {polygon.Count} point(s); a line polygon needs at least 3");
            }

            var baselineElement = line.Element(ns + "Baseline");
            var baseline = baselineElement is null ? null : ParsePoints(path, baselineElement, where, ns);
            lines.Add(new GroundTruthLine($"{path} {where}", imagePath, text, polygon, baseline, path, id));
        }

        return lines;
    }

    /// <summary>The page image a PAGE file names, looked up beside it and one folder up.</summary>
    internal static string ResolveImage(string path, string imageName, XElement page)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var candidates = new List<string> { Path.Combine(folder, imageName) };
        var parent = Path.GetDirectoryName(folder);
        if (parent is not null)
        {
            candidates.Add(Path.Combine(parent, imageName));
        }

        candidates.Add(Path.Combine(folder, Path.GetFileName(imageName)));
        var found = candidates.FirstOrDefault(File.Exists);
        return found ?? throw new DataFormatException(path,
            $"line {LineOf(page)}: page image '{imageName}' named by imageFilename does not exist (looked in {string.Join(", ", candidates.Select(Path.GetDirectoryName).Distinct())})");
    }

    /// <summary>The points of a Coords or Baseline element (points attribute, or PAGE 2010 Point children).</summary>
    internal static List<(double X, double Y)> ParsePoints(string path, XElement element, string where, XNamespace ns)
    {
        var points = new List<(double X, double Y)>();
        var attribute = element.Attribute("points");
        if (attribute is null)
        {
            // PAGE 2010 wrote <Point x="" y=""/> children instead of a points attribute.
            foreach (var point in element.Elements(ns + "Point"))
            {
                if (!double.TryParse(point.Attribute("x")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                    || !double.TryParse(point.Attribute("y")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
                {
                    throw new DataFormatException(path, $"{where}: {element.Name.LocalName} has a Point without numeric x and y (line {LineOf(point)})");
                }

                points.Add((x, y));
            }

            if (points.Count == 0)
            {
                throw new DataFormatException(path, $"{where}: {element.Name.LocalName} has no points attribute");
            }

            return points;
        }

        foreach (var pair in attribute.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(',');
            if (parts.Length != 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                || !double.IsFinite(x) || !double.IsFinite(y))
            {
                throw new DataFormatException(path, $"{where}: {element.Name.LocalName} points has '{pair}', which is not an x,y pair of numbers");
            }

            points.Add((x, y));
        }

        return points;
    }

    internal static int LineOf(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
}
