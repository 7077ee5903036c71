using System.Text;
using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;

/// <summary>
/// tesstrain-style line pairs: <c>name.png</c> (or .jpg/.jpeg/.tif/.tiff/.bmp) beside <c>name.gt.txt</c> holding
/// its one-line transcription in UTF-8.
/// </summary>
internal static class TesstrainReader
{
    /// <summary>Image extensions tried for a transcription, in this order.</summary>
    public static readonly IReadOnlyList<string> ImageExtensions = new[] { ".png", ".tif", ".tiff", ".jpg", ".jpeg", ".bmp", ".nrm.png", ".bin.png" };

    /// <summary>Suffix of transcription files.</summary>
    public const string GroundTruthSuffix = ".gt.txt";

    /// <summary>Reads one pair, given its transcription file.</summary>
    public static GroundTruthLine ReadPair(string groundTruthPath)
    {
        var text = ReadTranscription(groundTruthPath);
        var stem = groundTruthPath[..^GroundTruthSuffix.Length];
        foreach (var extension in ImageExtensions)
        {
            foreach (var candidate in new[] { stem + extension, stem + extension.ToUpperInvariant() })
            {
                if (File.Exists(candidate))
                {
                    return new GroundTruthLine(groundTruthPath, candidate, text);
                }
            }
        }

        throw new DataFormatException(groundTruthPath,
            $"no line image beside it: looked for {Path.GetFileName(stem)} with {string.Join(", ", ImageExtensions.Take(6))}");
    }

    /// <summary>Reads a transcription: strict UTF-8 (BOM allowed), exactly one non-empty line (a final newline is fine).</summary>
    public static string ReadTranscription(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new DataFormatException(path, "transcription file does not exist");
        }

        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw new DataFormatException(path, "transcription is not valid UTF-8", e.Index >= 0 ? start + e.Index : null);
        }

        text = text.TrimEnd('\r', '\n');
        if (text.Contains('\n') || text.Contains('\r'))
        {
            throw new DataFormatException(path, $"transcription has {text.Split('\n').Length} lines; a .gt.txt file holds exactly one line");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DataFormatException(path, "empty transcription");
        }

        return text;
    }
}
