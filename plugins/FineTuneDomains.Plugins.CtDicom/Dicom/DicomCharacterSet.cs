using System.Text;

namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>Maps Specific Character Set (0008,0005) terms to .NET encodings.</summary>
internal static class DicomCharacterSet
{
    static DicomCharacterSet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// The encoding for the first term (single-byte or UTF-8 sets; ISO 2022 code extensions are read in their
    /// first set). No term means the default repertoire: ASCII, read as Latin-1 so stray bytes survive.
    /// </summary>
    public static Encoding For(string? value)
    {
        var first = (value ?? "").Split('\\')[0].Trim().ToUpperInvariant();
        // "ISO 2022 IR 100" (code extensions) names the same set as "ISO_IR 100".
        var name = first.Replace("ISO 2022 IR ", "ISO_IR ", StringComparison.Ordinal) switch
        {
            "" or "ISO_IR 6" or "ISO_IR6" => "iso-8859-1",
            "ISO_IR 100" => "iso-8859-1",
            "ISO_IR 101" => "iso-8859-2",
            "ISO_IR 109" => "iso-8859-3",
            "ISO_IR 110" => "iso-8859-4",
            "ISO_IR 144" => "iso-8859-5",
            "ISO_IR 127" => "iso-8859-6",
            "ISO_IR 126" => "iso-8859-7",
            "ISO_IR 138" => "iso-8859-8",
            "ISO_IR 148" => "iso-8859-9",
            "ISO_IR 203" => "iso-8859-15",
            "ISO_IR 13" => "shift_jis",
            "ISO_IR 166" => "windows-874",
            "ISO_IR 192" => "utf-8",
            "GB18030" => "gb18030",
            "GBK" => "gbk",
            _ => "iso-8859-1",
        };
        return name switch
        {
            "iso-8859-1" => Encoding.Latin1,
            "utf-8" => Encoding.UTF8,
            _ => Encoding.GetEncoding(name),
        };
    }
}
