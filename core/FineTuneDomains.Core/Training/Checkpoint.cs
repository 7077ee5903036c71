using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using FineTuneDomains.Core.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>
/// Checkpoint files (<c>.ckpt</c>): a ZIP (stored, not compressed) holding <c>state.json</c>,
/// <c>model.bin</c> (TorchSharp's state-dict format), optionally <c>optimizer.bin</c> and <c>ema.bin</c>.
/// Written atomically (temporary file, fsync, rename) with a <c>.sha256</c> file beside it; a file whose
/// hash does not match is refused as corrupt, with its path.
/// </summary>
public static class Checkpoint
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes a checkpoint atomically and returns its SHA-256.</summary>
    public static string Save(string path, CheckpointState state, nn.Module model, optim.Optimizer? optimizer, IReadOnlyDictionary<string, Tensor>? ema = null)
    {
        // Serialising makes temporary tensor handles (CPU views of every entry); the scope disposes them.
        using var scope = torch.NewDisposeScope();
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            Write(zip, "state.json", s => JsonSerializer.Serialize(s, state with { HasOptimizer = optimizer is not null, HasEma = ema is not null }, Json));
            Write(zip, "model.bin", s => { using var w = new BinaryWriter(s); model.save(w); });
            if (optimizer is OptimizerHelper helper)
                Write(zip, "optimizer.bin", s => { using var w = new BinaryWriter(s); helper.save_state_dict(w); });
            if (ema is not null)
                Write(zip, "ema.bin", s => { using var w = new BinaryWriter(s); WriteStateDict(w, ema); });
        });
        var hash = HashFile(path);
        AtomicFile.WriteAllText(path + ".sha256", $"{hash}  {Path.GetFileName(path)}\n");
        return hash;
    }

    /// <summary>SHA-256 of a file, streamed (checkpoints are tens of megabytes).</summary>
    private static string HashFile(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    private static void Write(ZipArchive zip, string name, Action<Stream> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var s = entry.Open();
        write(s);
    }

    /// <summary>Checks the file against its <c>.sha256</c> and reads its state. Corrupt files are user errors naming the path.</summary>
    public static CheckpointState ReadState(string path)
    {
        Verify(path);
        using var zip = Open(path);
        return ReadStateEntry(zip, path);
    }

    /// <summary>Verifies the SHA-256 side file (when present) of a checkpoint.</summary>
    public static void Verify(string path)
    {
        if (!File.Exists(path)) throw new UserErrorException($"{path}: checkpoint not found");
        var side = path + ".sha256";
        if (!File.Exists(side)) return;
        var expected = File.ReadAllText(side).Split(' ', 2)[0].Trim();
        var actual = HashFile(path);
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            throw new DataFormatException(path, $"corrupt checkpoint: SHA-256 is {actual[..12]}…, but {Path.GetFileName(side)} says {expected[..Math.Min(12, expected.Length)]}…");
    }

    private static ZipArchive Open(string path)
    {
        try
        {
            return new ZipArchive(File.OpenRead(path), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"not a FineTuneDomains checkpoint ({e.Message})");
        }
    }

    private static CheckpointState ReadStateEntry(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry("state.json") ?? throw new DataFormatException(path, "not a FineTuneDomains checkpoint (no state.json)");
        try
        {
            using var s = entry.Open();
            return JsonSerializer.Deserialize<CheckpointState>(s, Json) ?? throw new DataFormatException(path, "empty checkpoint state");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, $"unreadable checkpoint state: {e.Message}");
        }
    }

    /// <summary>Loads weights (and optimiser, EMA) into modules built like the ones saved. Mismatches are user errors naming the path.</summary>
    public static CheckpointState Load(string path, nn.Module model, optim.Optimizer? optimizer = null, IDictionary<string, Tensor>? ema = null)
    {
        using var scope = torch.NewDisposeScope();
        Verify(path);
        using var zip = Open(path);
        var state = ReadStateEntry(zip, path);
        LoadEntry(zip, path, "model.bin", r => model.load(r, strict: true));
        if (optimizer is OptimizerHelper helper && zip.GetEntry("optimizer.bin") is not null)
            LoadEntry(zip, path, "optimizer.bin", r => helper.load_state_dict(r));
        if (ema is not null && zip.GetEntry("ema.bin") is not null)
            LoadEntry(zip, path, "ema.bin", r =>
            {
                var loaded = ReadStateDict(r, path);
                foreach (var (k, v) in loaded)
                {
                    if (!ema.TryGetValue(k, out var target) || !target.shape.SequenceEqual(v.shape))
                        throw new InvalidDataException($"EMA tensor '{k}' does not fit the model");
                    using (no_grad()) target.copy_(v);
                    v.Dispose();
                }
            });
        return state;
    }

    /// <summary>The model's tensors by name (for loading into a differently shaped model, e.g. a base recogniser).</summary>
    public static Dictionary<string, Tensor> ReadTensors(string path)
    {
        Verify(path);
        using var zip = Open(path);
        var entry = zip.GetEntry("model.bin") ?? throw new DataFormatException(path, "checkpoint has no model.bin");
        using var ms = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(ms);
        ms.Position = 0;
        using var reader = new BinaryReader(ms);
        return ReadStateDict(reader, path);
    }

    /// <summary>Reads TorchSharp's state-dict format (count, then name, tensor pairs) without a module.</summary>
    private static Dictionary<string, Tensor> ReadStateDict(BinaryReader reader, string path)
    {
        var result = new Dictionary<string, Tensor>();
        try
        {
            long count = Leb128(reader);
            for (long i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var dtype = (ScalarType)Leb128(reader);
                long rank = Leb128(reader);
                var shape = new long[rank];
                for (int d = 0; d < rank; d++) shape[d] = Leb128(reader);
                var t = torch.empty(shape, dtype);
                t.ReadBytesFromStream(reader.BaseStream);
                result[name] = t;
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidDataException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw new DataFormatException(path, $"truncated or malformed weights: {e.Message}");
        }
        return result;
    }

    /// <summary>Writes tensors in TorchSharp's state-dict format (what <c>Module.save</c> writes).</summary>
    private static void WriteStateDict(BinaryWriter writer, IReadOnlyDictionary<string, Tensor> tensors)
    {
        WriteLeb128(writer, tensors.Count);
        foreach (var (name, t) in tensors)
        {
            writer.Write(name);
            t.Save(writer);
        }
    }

    private static void WriteLeb128(BinaryWriter writer, long value)
    {
        ulong v = (ulong)value;
        do
        {
            byte b = (byte)(v & 0x7f);
            v >>= 7;
            if (v != 0) b |= 0x80;
            writer.Write(b);
        } while (v != 0);
    }

    /// <summary>Unsigned LEB128, as TorchSharp writes counts, types and shapes.</summary>
    private static long Leb128(BinaryReader reader)
    {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = reader.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("malformed LEB128 number");
    }

    private static void LoadEntry(ZipArchive zip, string path, string name, Action<BinaryReader> load)
    {
        var entry = zip.GetEntry(name) ?? throw new DataFormatException(path, $"checkpoint has no {name}");
        using var ms = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(ms);
        ms.Position = 0;
        using var reader = new BinaryReader(ms);
        try
        {
            load(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or EndOfStreamException or IOException)
        {
            throw new DataFormatException(path, $"{name} does not fit this model ({e.Message}); was it written by another experiment?");
        }
    }
}
