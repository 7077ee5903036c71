namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>
/// A DICOM transfer syntax: how the data set is encoded (VR, byte order, deflate) and how pixel data is
/// compressed. Only the syntaxes this reader decodes are marked <see cref="IsSupported"/>; the others carry
/// the command that converts them to an uncompressed file.
/// </summary>
public sealed class TransferSyntax
{
    private TransferSyntax(string uid, string name, bool explicitVR, bool bigEndian, bool deflated,
        bool encapsulated, bool supported, string? convertCommand)
    {
        Uid = uid; Name = name; IsExplicitVR = explicitVR; IsBigEndian = bigEndian; IsDeflated = deflated;
        IsEncapsulated = encapsulated; IsSupported = supported; ConvertCommand = convertCommand;
    }

    public string Uid { get; }
    public string Name { get; }
    public bool IsExplicitVR { get; }
    public bool IsBigEndian { get; }
    public bool IsDeflated { get; }
    /// <summary>Pixel data is stored as fragments of a compressed stream.</summary>
    public bool IsEncapsulated { get; }
    /// <summary>Pixel data in this syntax can be decoded here.</summary>
    public bool IsSupported { get; }
    /// <summary>For unsupported pixel encodings: a command that transcodes the file to an uncompressed one.</summary>
    public string? ConvertCommand { get; }

    public override string ToString() => $"{Name} ({Uid})";

    public static readonly TransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false, true, null);
    public static readonly TransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false, true, null);
    public static readonly TransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false, true, null);
    public static readonly TransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false, true, null);
    public static readonly TransferSyntax RleLossless = new("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, true, true, null);
    public static readonly TransferSyntax JpegLosslessProcess14 = new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false, true, true, null);
    public static readonly TransferSyntax JpegLosslessSV1 = new("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1)", true, false, false, true, true, null);

    private static readonly TransferSyntax[] Known =
    [
        ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian,
        RleLossless, JpegLosslessProcess14, JpegLosslessSV1,
        Unsupported("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", "dcmdjpeg"),
        Unsupported("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", "dcmdjpeg"),
        Unsupported("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)", "dcmdjpeg"),
        Unsupported("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12)", "dcmdjpeg"),
        Unsupported("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", "dcmdjpls"),
        Unsupported("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless", "dcmdjpls"),
        Unsupported("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless", "gdcmconv --raw"),
        Unsupported("1.2.840.10008.1.2.4.91", "JPEG 2000", "gdcmconv --raw"),
        Unsupported("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Lossless", "gdcmconv --raw"),
        Unsupported("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component", "gdcmconv --raw"),
        Unsupported("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Lossless", "gdcmconv --raw"),
        Unsupported("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Lossless", "gdcmconv --raw"),
        Unsupported("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", "gdcmconv --raw"),
        Unsupported("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", "gdcmconv --raw"),
        Unsupported("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", "gdcmconv --raw"),
    ];

    private static TransferSyntax Unsupported(string uid, string name, string command) =>
        new(uid, name, true, false, false, true, false, command);

    /// <summary>Looks up a UID; unknown UIDs are taken as encapsulated syntaxes this reader cannot decode.</summary>
    public static TransferSyntax FromUid(string uid)
    {
        foreach (var ts in Known)
            if (ts.Uid == uid) return ts;
        return new TransferSyntax(uid, "unknown transfer syntax", true, false, false, true, false, "gdcmconv --raw");
    }
}
