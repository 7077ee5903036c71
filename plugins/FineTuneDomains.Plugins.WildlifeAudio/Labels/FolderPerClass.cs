using FineTuneDomains.Core;

namespace FineTuneDomains.Plugins.WildlifeAudio.Labels;

/// <summary>
/// Clips sorted into one sub-folder per class (<c>root/&lt;class&gt;/*.wav</c>), the layout of most clip
/// classification sets. Audio files of formats we do not decode are listed too, so that reading them gives
/// the conversion hint instead of silently shrinking the class.
/// </summary>
internal static class FolderPerClass
{
    /// <summary>File extensions taken as audio (case-insensitive).</summary>
    public static readonly IReadOnlySet<string> AudioExtensions =
        new HashSet<string>([".wav", ".wave", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".m4a", ".aif", ".aiff"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Lists clips in class folders, sorted by class then path (ordinal) so runs are reproducible.</summary>
    public static List<LabelledClip> Read(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DataFormatException(root, "folder not found");
        }

        var clips = new List<LabelledClip>();
        foreach (string dir in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
        {
            string label = Path.GetFileName(dir);
            if (label.StartsWith('.'))
            {
                continue;
            }

            clips.AddRange(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Where(f => AudioExtensions.Contains(Path.GetExtension(f)))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => new LabelledClip(Path.GetFullPath(f), label)));
        }

        if (clips.Count == 0)
        {
            throw new DataFormatException(root, "no audio files in class sub-folders (expected root/<class>/*.wav)");
        }

        return clips;
    }
}
