using System.Text.RegularExpressions;

namespace FineTuneDomains.Plugins.WildlifeAudio.Tests;

/// <summary>Minimal reader for the reference .npy files: version 1/2, little-endian f4 or f8, C order.</summary>
internal static partial class NpyFile
{
    public static (double[] Data, int[] Shape) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || System.Text.Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{path}: not a .npy file");
        }

        int major = bytes[6];
        int headerLength = major == 1 ? BitConverter.ToUInt16(bytes, 8) : BitConverter.ToInt32(bytes, 8);
        int headerStart = major == 1 ? 10 : 12;
        string header = System.Text.Encoding.Latin1.GetString(bytes, headerStart, headerLength);
        string descr = DescrPattern().Match(header).Groups[1].Value;
        if (FortranPattern().IsMatch(header))
        {
            throw new InvalidDataException($"{path}: Fortran order is not supported");
        }

        int[] shape = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
        int count = shape.Aggregate(1, (a, b) => a * b);
        int offset = headerStart + headerLength;
        var data = new double[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = descr switch
            {
                "<f8" => BitConverter.ToDouble(bytes, offset + 8 * i),
                "<f4" => BitConverter.ToSingle(bytes, offset + 4 * i),
                _ => throw new InvalidDataException($"{path}: dtype {descr} is not supported"),
            };
        }

        return (data, shape);
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order':\s*True")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
