using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Models;

/// <summary>
/// Reads PyTorch state dicts (our own checkpoints are read by <see cref="Training.Checkpoint"/>):
/// <c>torch.save(model.state_dict(), …)</c> files (the zip format of PyTorch ≥ 1.6;
/// also a dict holding the state dict under <c>state_dict</c>, <c>model</c> or <c>model_state_dict</c>) and
/// safetensors files. The format is told by the file's first bytes, not its extension. Tensors are created in
/// the caller's dispose scope.
/// </summary>
internal static class StateDictFiles
{
    private static readonly string[] WrapperKeys = ["state_dict", "model_state_dict", "model"];

    internal static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
            throw new UserErrorException(Directory.Exists(path)
                ? $"Pretrained weights {path} is a folder; give a .safetensors or .pt file."
                : $"Pretrained weights file not found: {path}");
        var format = Detect(path);
        Dictionary<string, Tensor> state;
        try
        {
            state = format switch
            {
                Format.Safetensors => Safetensors.LoadStateDict(path),
                Format.TorchZip => ReadTorch(path),
                Format.TorchLegacy => throw new DataFormatException(path,
                    "PyTorch's legacy (pre-1.6) serialisation is not supported; re-save it in Python with torch.save(state_dict, path) from PyTorch 1.6 or later, or as safetensors"),
                _ => throw new DataFormatException(path, "neither a PyTorch state dict (torch.save zip file) nor a safetensors file"),
            };
        }
        catch (UserErrorException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DataFormatException(path, $"cannot read the {(format == Format.Safetensors ? "safetensors" : "PyTorch")} state dict: {e.Message}", null, e);
        }
        return StripDataParallelPrefix(state);
    }

    /// <summary>
    /// True for our own checkpoints (<see cref="Training.Checkpoint"/>: a ZIP with <c>state.json</c> and
    /// <c>model.bin</c>); PyTorch's zip files hold <c>archive/data.pkl</c> instead.
    /// </summary>
    internal static bool IsOwnCheckpoint(string path)
    {
        if (!File.Exists(path) || Detect(path) != Format.TorchZip) return false;
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            return zip.GetEntry("state.json") is not null && zip.GetEntry("model.bin") is not null;
        }
        catch (InvalidDataException)
        {
            return false;   // a damaged zip: Read reports it
        }
    }

    private enum Format { Unknown, Safetensors, TorchZip, TorchLegacy }

    private static Format Detect(string path)
    {
        Span<byte> head = stackalloc byte[9];
        int read;
        using (var stream = File.OpenRead(path))
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4) return Format.TorchZip;
        if (read >= 2 && head[0] == 0x80 && head[1] <= 5) return Format.TorchLegacy;
        if (read == 9 && head[8] == (byte)'{' && BitConverter.ToUInt64(head[..8]) < (ulong)new FileInfo(path).Length) return Format.Safetensors;
        return Format.Unknown;
    }

    private static Dictionary<string, Tensor> ReadTorch(string path)
    {
        using var stream = File.OpenRead(path);
        Hashtable table = PyTorchUnpickler.UnpickleStateDict(stream);
        if (!table.Values.Cast<object?>().All(v => v is Tensor))
        {
            var inner = WrapperKeys.Select(k => table[k]).OfType<Hashtable>().FirstOrDefault();
            if (inner is null || !inner.Values.Cast<object?>().All(v => v is Tensor))
                throw new DataFormatException(path, $"holds a dict that is not a state dict (keys: {string.Join(", ", table.Keys.Cast<object>().Take(8))}); save model.state_dict()");
            table = inner;
        }
        var state = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table) state[(string)entry.Key] = (Tensor)entry.Value!;
        return state;
    }

    /// <summary>Models wrapped in nn.DataParallel save every key with a <c>module.</c> prefix.</summary>
    private static Dictionary<string, Tensor> StripDataParallelPrefix(Dictionary<string, Tensor> state)
    {
        const string prefix = "module.";
        if (state.Count == 0 || !state.Keys.All(k => k.StartsWith(prefix, StringComparison.Ordinal))) return state;
        return state.ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
    }
}
