namespace FineTuneDomains.Core;

/// <summary>
/// A data file that cannot be read: corrupt, truncated, of an unsupported format. The message names the
/// file, the problem and, where known, the byte offset and a command that would convert the file.
/// </summary>
public class DataFormatException : UserErrorException
{
    public DataFormatException(string path, string problem, long? offset = null, Exception? inner = null)
        : base(Format(path, problem, offset), inner ?? new InvalidDataException(problem))
    {
        FilePath = path;
        Problem = problem;
        Offset = offset;
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }

    /// <summary>Byte offset where the problem was found, if known.</summary>
    public long? Offset { get; }

    private static string Format(string path, string problem, long? offset) =>
        offset is long o ? $"{path}: {problem} (at byte offset {o})" : $"{path}: {problem}";
}
