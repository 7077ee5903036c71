namespace FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;

/// <summary>
/// Reads ground truth from files or folders in either form historians have: tesstrain line pairs (*.gt.txt beside
/// a line image) and PAGE XML pages (lines cut from the page image).
/// </summary>
internal static class GroundTruthReader
{
    /// <summary>Whether a path is a ground-truth entry point (a .gt.txt or a PAGE XML file).</summary>
    public static bool IsGroundTruthFile(string path) =>
        path.EndsWith(TesstrainReader.GroundTruthSuffix, StringComparison.OrdinalIgnoreCase)
        || (path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && PageXmlReader.IsPageXml(path));

    /// <summary>Reads every line below the given files and folders (recursively), in ordinal path order so the
    /// result is the same on every machine.</summary>
    public static GroundTruthSet Read(IEnumerable<string> paths)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                {
                    files.Add(file);
                }
            }
            else
            {
                files.Add(path);
            }
        }

        var lines = new List<GroundTruthLine>();
        var untranscribed = 0;
        foreach (var file in files)
        {
            if (file.EndsWith(TesstrainReader.GroundTruthSuffix, StringComparison.OrdinalIgnoreCase))
            {
                lines.Add(TesstrainReader.ReadPair(file));
            }
            else if (file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && PageXmlReader.IsPageXml(file))
            {
                lines.AddRange(PageXmlReader.Read(file, out var skipped));
                untranscribed += skipped;
            }
            else if (!Directory.Exists(file) && !File.Exists(file))
            {
                throw new FineTuneDomains.Core.DataFormatException(file, "file does not exist");
            }
        }

        return new GroundTruthSet(lines, untranscribed);
    }
}
