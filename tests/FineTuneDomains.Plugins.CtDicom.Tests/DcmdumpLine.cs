using System.Text.RegularExpressions;
using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

/// <summary>One element line of dcmdump output, with its position (sequence tag, item index)* in the data set.</summary>
internal sealed partial record DcmdumpLine(IReadOnlyList<(DicomTag Seq, int Item)> Path, DicomTag Tag, string VR, string Value, bool InMeta)
{
    [GeneratedRegex(@"^( *)\(([0-9a-f]{4}),([0-9a-f]{4})\) ([A-Za-z?]{2}) (.*?) *# *(u/l|\d+), *\d+ .*$")]
    private static partial Regex LineRegex();

    /// <summary>Parses a dcmdump text; pixel-data items and delimiters are left out.</summary>
    public static List<DcmdumpLine> Parse(string text)
    {
        var result = new List<DcmdumpLine>();
        var seqAt = new Dictionary<int, DicomTag>();
        var itemAt = new Dictionary<int, int>();
        bool inMeta = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# Dicom-Meta-Information-Header", StringComparison.Ordinal)) inMeta = true;
            if (line.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal)) inMeta = false;
            var m = LineRegex().Match(line.TrimEnd('\r'));
            if (!m.Success) continue;
            int indent = m.Groups[1].Length / 2;
            var tag = DicomTag.Parse(m.Groups[2].Value + m.Groups[3].Value);
            string vr = m.Groups[4].Value, value = m.Groups[5].Value;
            if (vr == "??") vr = "UN"; // dcmdump's mark for an implicit element its dictionary does not know
            if (tag == DicomTag.Item)
            {
                if (vr == "pi") continue;
                itemAt[indent] = itemAt.GetValueOrDefault(indent, -1) + 1;
                continue;
            }
            if (tag.Group == 0xFFFE) continue;
            var path = new List<(DicomTag, int)>();
            for (int d = 0; d + 1 < indent; d += 2) path.Add((seqAt[d], itemAt[d + 1]));
            if (vr == "SQ")
            {
                seqAt[indent] = tag;
                itemAt[indent + 1] = -1;
            }
            if (value.StartsWith('[') && value.EndsWith(']')) value = value[1..^1];
            else if (value == "(no value available)") value = "";
            result.Add(new DcmdumpLine(path, tag, vr, value, inMeta));
        }
        return result;
    }
}
