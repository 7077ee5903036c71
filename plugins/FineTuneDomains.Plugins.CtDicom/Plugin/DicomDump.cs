using System.Globalization;
using System.Text;
using System.Text.Json;
using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Plugin;

/// <summary>Text (like dcmdump) and JSON dumps of a file's elements, pixel data summarised.</summary>
internal static class DicomDump
{
    private const int MaxText = 120;

    public static string Text(DicomFile f)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(f.FilePath).Append('\n');
        sb.Append("# Transfer syntax: ").Append(f.TransferSyntax).Append(f.HasPreamble ? "" : " (no preamble)").Append('\n');
        if (f.Meta.Count > 0) { sb.Append("# File meta information\n"); Elements(sb, f.Meta, 0); }
        sb.Append("# Data set\n");
        Elements(sb, f.Dataset, 0);
        if (f.Dataset.Contains(DicomTag.PixelData)) sb.Append("# Pixels: ").Append(PixelSummary(f)).Append('\n');
        return sb.ToString();
    }

    private static void Elements(StringBuilder sb, DicomDataset ds, int depth)
    {
        var pad = new string(' ', depth * 2);
        foreach (var e in ds)
        {
            string keyword = DicomDictionary.KeywordOf(e.Tag);
            string length = e.HasUndefinedLength ? "u/l" : e.Length.ToString(CultureInfo.InvariantCulture);
            if (e.IsSequence)
            {
                sb.Append(pad).Append($"{e.Tag} SQ ({e.Items.Count} item(s))").Append($"  # {length}, {keyword}\n");
                for (int i = 0; i < e.Items.Count; i++)
                {
                    sb.Append(pad).Append($"  (fffe,e000) item {i + 1}\n");
                    Elements(sb, e.Items[i], depth + 2);
                }
            }
            else
            {
                string value = e.Tag == DicomTag.PixelData ? (e.IsEncapsulated ? $"({e.Fragments!.Count} fragments)" : "(pixel data)") : Shorten(ds.ValueAsText(e));
                string shown = DicomVR.IsString(e.VR) ? $"[{value}]" : value;
                sb.Append(pad).Append($"{e.Tag} {e.VR} {shown}").Append($"  # {length}, {keyword}\n");
            }
        }
    }

    private static string Shorten(string s) => s.Length <= MaxText ? s : s[..MaxText] + "...";

    private static string PixelSummary(DicomFile f)
    {
        try
        {
            var pd = f.GetPixelData();
            return $"{pd.NumberOfFrames} frame(s) of {pd.Rows}x{pd.Columns}x{pd.SamplesPerPixel}, {pd.BitsStored}/{pd.BitsAllocated} bits {(pd.IsSigned ? "signed" : "unsigned")}, {pd.PhotometricInterpretation}";
        }
        catch (FineTuneDomains.Core.DataFormatException e) { return "cannot be decoded: " + e.Problem; }
    }

    public static string Json(DicomFile f)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("file", f.FilePath);
            w.WriteString("transfer_syntax", f.TransferSyntax.Uid);
            w.WriteString("transfer_syntax_name", f.TransferSyntax.Name);
            w.WritePropertyName("meta");
            JsonElements(w, f.Meta);
            w.WritePropertyName("dataset");
            JsonElements(w, f.Dataset);
            if (f.Dataset.Contains(DicomTag.PixelData)) w.WriteString("pixels", PixelSummary(f));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void JsonElements(Utf8JsonWriter w, DicomDataset ds)
    {
        w.WriteStartArray();
        foreach (var e in ds)
        {
            w.WriteStartObject();
            w.WriteString("tag", $"{e.Tag.Group:X4}{e.Tag.Element:X4}");
            w.WriteString("vr", e.VR);
            w.WriteString("keyword", DicomDictionary.KeywordOf(e.Tag));
            w.WriteNumber("length", e.HasUndefinedLength ? -1 : e.Length);
            if (e.IsSequence)
            {
                w.WritePropertyName("items");
                w.WriteStartArray();
                foreach (var item in e.Items) JsonElements(w, item);
                w.WriteEndArray();
            }
            else if (e.Tag == DicomTag.PixelData) w.WriteString("value", e.IsEncapsulated ? $"({e.Fragments!.Count} fragments)" : "(pixel data)");
            else if (e.VR is "US" or "SS" or "UL" or "SL" or "FL" or "FD" or "DS" or "IS")
            {
                w.WritePropertyName("value");
                w.WriteStartArray();
                try { foreach (var v in ds.GetNumbers(e.Tag)) w.WriteNumberValue(v); }
                catch (FineTuneDomains.Core.DataFormatException) { w.WriteStringValue(ds.ValueAsText(e)); }
                w.WriteEndArray();
            }
            else if (DicomVR.IsString(e.VR))
            {
                w.WritePropertyName("value");
                w.WriteStartArray();
                foreach (var v in ds.GetStrings(e.Tag)) w.WriteStringValue(v);
                w.WriteEndArray();
            }
            else w.WriteString("value", Shorten(ds.ValueAsText(e)));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
