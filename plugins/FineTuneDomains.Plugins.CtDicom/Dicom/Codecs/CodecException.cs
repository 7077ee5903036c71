namespace FineTuneDomains.Plugins.CtDicom.Dicom.Codecs;

/// <summary>A compressed frame that cannot be decoded; the caller adds the file and offset.</summary>
internal sealed class CodecException(string message, int offset = 0) : Exception(message)
{
    /// <summary>Offset within the frame's compressed bytes.</summary>
    public int Offset { get; } = offset;
}
