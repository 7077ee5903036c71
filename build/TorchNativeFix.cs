// MSBuild inline task (RoslynCodeTaskFactory) used by TorchNativeFix.targets; also compiled by a test.
// Marks the GLIBCXX_3.4.32 version need of every libLibTorchSharp.so under the given folders weak.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class FtdPatchLibTorchSharp : Task
{
    public ITaskItem[] Directories { get; set; } = Array.Empty<ITaskItem>();

    public const string FileName = "libLibTorchSharp.so";
    public const string NeededVersion = "GLIBCXX_3.4.32";

    public override bool Execute()
    {
        if (SystemLibStdCxxHas(NeededVersion))
        {
            Log.LogMessage(MessageImportance.Low, "System libstdc++ provides " + NeededVersion + "; no patch needed.");
            return true;
        }
        foreach (var item in Directories)
        {
            var dir = item.ItemSpec;
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, FileName, SearchOption.AllDirectories))
            {
                try
                {
                    var result = MarkVersionNeedWeak(file, NeededVersion);
                    Log.LogMessage(MessageImportance.Low, file + ": " + result);
                }
                catch (Exception e)
                {
                    Log.LogError("Could not patch " + file + ": " + e.Message);
                    return false;
                }
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>True if a libstdc++ in the usual system folders defines the given symbol version.</summary>
    public static bool SystemLibStdCxxHas(string version)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var c in candidates)
        {
            if (!File.Exists(c)) continue;
            var bytes = File.ReadAllBytes(c);
            return IndexOf(bytes, needle) >= 0;
        }
        return false; // unknown system: patching is harmless (a weak need only relaxes a check)
    }

    private static int IndexOf(byte[] hay, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= hay.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && hay[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on the Vernaux entry named <paramref name="version"/> in .gnu.version_r of a
    /// 64-bit little-endian ELF file. Returns "patched", "already weak" or "no such version need".
    /// </summary>
    public static string MarkVersionNeedWeak(string path, string version)
    {
        const uint SHT_GNU_verneed = 0x6ffffffe;
        const ushort VER_FLG_WEAK = 0x2;
        var b = File.ReadAllBytes(path);
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (b[4] != 2 || b[5] != 1) throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        long shoff = (long)BitConverter.ToUInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3A);
        int shnum = BitConverter.ToUInt16(b, 0x3C);
        for (int s = 0; s < shnum; s++)
        {
            long sh = shoff + (long)s * shentsize;
            if (sh + 64 > b.Length) throw new InvalidDataException("section header out of range");
            uint type = BitConverter.ToUInt32(b, (int)sh + 4);
            if (type != SHT_GNU_verneed) continue;
            long offset = (long)BitConverter.ToUInt64(b, (int)sh + 0x18);
            uint link = BitConverter.ToUInt32(b, (int)sh + 0x28);
            uint count = BitConverter.ToUInt32(b, (int)sh + 0x2C);
            long strSh = shoff + (long)link * shentsize;
            long strOff = (long)BitConverter.ToUInt64(b, (int)strSh + 0x18);
            long vn = offset;
            for (uint i = 0; i < count; i++)
            {
                ushort cnt = BitConverter.ToUInt16(b, (int)vn + 2);
                uint aux = BitConverter.ToUInt32(b, (int)vn + 8);
                uint next = BitConverter.ToUInt32(b, (int)vn + 12);
                long va = vn + aux;
                for (int k = 0; k < cnt; k++)
                {
                    ushort flags = BitConverter.ToUInt16(b, (int)va + 4);
                    uint name = BitConverter.ToUInt32(b, (int)va + 8);
                    uint vnext = BitConverter.ToUInt32(b, (int)va + 12);
                    if (ReadCString(b, strOff + name) == version)
                    {
                        if ((flags & VER_FLG_WEAK) != 0) return "already weak";
                        flags |= VER_FLG_WEAK;
                        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Write))
                        {
                            fs.Position = va + 4;
                            fs.WriteByte((byte)(flags & 0xff));
                            fs.WriteByte((byte)(flags >> 8));
                            fs.Flush(true);
                        }
                        return "patched";
                    }
                    if (vnext == 0) break;
                    va += vnext;
                }
                if (next == 0) break;
                vn += next;
            }
        }
        return "no such version need";
    }

    private static string ReadCString(byte[] b, long at)
    {
        long end = at;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
    }
}
