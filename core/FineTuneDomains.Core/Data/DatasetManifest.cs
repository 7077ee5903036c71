using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FineTuneDomains.Core.Data;

/// <summary>
/// A dataset manifest (JSON): every item with its relative path, labels, split and SHA-256, plus the
/// dataset's name, licence, provenance and a hash over all items. Paths are relative to the manifest file.
/// </summary>
public sealed record DatasetManifest
{
    /// <summary>The format tag written into every manifest.</summary>
    public const string FormatTag = "ftd-manifest/1";

    [JsonPropertyName("format")] public string Format { get; init; } = FormatTag;
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("plugin")] public required string Plugin { get; init; }
    [JsonPropertyName("licence")] public string Licence { get; init; } = "unspecified";
    [JsonPropertyName("provenance")] public string Provenance { get; init; } = "";
    [JsonPropertyName("created_utc")] public string? CreatedUtc { get; init; }
    /// <summary>Seed of the split (and of the generator, for synthetic sets).</summary>
    [JsonPropertyName("seed")] public int? Seed { get; init; }
    /// <summary>The label vocabulary, in class-index order.</summary>
    [JsonPropertyName("classes")] public IReadOnlyList<string> Classes { get; init; } = [];
    [JsonPropertyName("items")] public IReadOnlyList<ManifestItem> Items { get; init; } = [];
    /// <summary>SHA-256 over the canonical item list (see <see cref="ComputeHash"/>).</summary>
    [JsonPropertyName("manifest_sha256")] public string? ManifestSha256 { get; init; }

    /// <summary>Absolute folder the manifest was read from (item paths are relative to it).</summary>
    [JsonIgnore] public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Absolute path the manifest was read from, if any.</summary>
    [JsonIgnore] public string? SourcePath { get; init; }

    /// <summary>Absolute path of an item's file.</summary>
    public string Resolve(string relativePath) =>
        Path.GetFullPath(Path.Combine(BaseDirectory, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>The items of one split, in manifest order.</summary>
    public IReadOnlyList<ManifestItem> Split(string split) => Items.Where(i => i.Split == split).ToList();

    /// <summary>The split names present, in the usual order (train, val, test, then others).</summary>
    public IReadOnlyList<string> SplitNames()
    {
        string[] order = ["train", "val", "test"];
        var present = Items.Select(i => i.Split).Distinct().ToList();
        return order.Where(present.Contains).Concat(present.Where(p => !order.Contains(p)).OrderBy(p => p, StringComparer.Ordinal)).ToList();
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// SHA-256 over the items, canonically: for each item in order, path, split, sorted labels, file hash,
    /// target and its hash, sorted meta pairs, joined by control characters. Independent of JSON layout.
    /// </summary>
    public string ComputeHash()
    {
        var sb = new StringBuilder();
        sb.Append(Name).Append('\u001e').Append(Plugin).Append('\u001e').Append(string.Join('\u001f', Classes)).Append('\u001d');
        foreach (var i in Items)
        {
            sb.Append(i.Path).Append('\u001f').Append(i.Split).Append('\u001f')
              .Append(string.Join('\u001c', i.Labels.OrderBy(l => l, StringComparer.Ordinal))).Append('\u001f')
              .Append(i.Sha256).Append('\u001f').Append(i.Target).Append('\u001f').Append(i.TargetSha256).Append('\u001f');
            if (i.Meta is not null)
                foreach (var kv in i.Meta.OrderBy(k => k.Key, StringComparer.Ordinal))
                    sb.Append(kv.Key).Append('=').Append(kv.Value).Append('\u001c');
            sb.Append('\u001e');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Reads a manifest; a missing file, bad JSON or a stale manifest hash is a <see cref="DataFormatException"/>.</summary>
    public static DatasetManifest Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new UserErrorException($"{path}: manifest not found");
        DatasetManifest? m;
        try
        {
            using var stream = File.OpenRead(full);
            m = JsonSerializer.Deserialize<DatasetManifest>(stream, JsonOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is long line ? $" at line {line + 1}" : "";
            throw new DataFormatException(full, $"not a valid manifest{where}: {e.Message.Split('.')[0]}");
        }
        if (m is null) throw new DataFormatException(full, "empty manifest");
        if (m.Format != FormatTag) throw new DataFormatException(full, $"unknown manifest format '{m.Format}' (expected '{FormatTag}')");
        foreach (var (item, n) in m.Items.Select((it, n) => (it, n)))
        {
            if (string.IsNullOrWhiteSpace(item.Path)) throw new DataFormatException(full, $"item {n} has no path");
            if (Path.IsPathRooted(item.Path))
                throw new DataFormatException(full, $"item {n}: path '{item.Path}' must be relative to the manifest's folder");
            foreach (var label in item.Labels)
                if (m.Classes.Count > 0 && !m.Classes.Contains(label))
                    throw new DataFormatException(full, $"item {n} ({item.Path}): label '{label}' is not one of the manifest's classes ({string.Join(", ", m.Classes)})");
        }
        m = m with { BaseDirectory = Path.GetDirectoryName(full)!, SourcePath = full };
        if (m.ManifestSha256 is not null && m.ManifestSha256 != m.ComputeHash())
            throw new DataFormatException(full, "the manifest was edited after it was written (manifest_sha256 does not match its items); rebuild it with `ftd data build` or `ftd data rehash`");
        return m;
    }

    /// <summary>Writes the manifest (with a fresh manifest hash) atomically to <paramref name="path"/>.</summary>
    public DatasetManifest Save(string path)
    {
        var stamped = this with { ManifestSha256 = ComputeHash(), CreatedUtc = CreatedUtc ?? DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") };
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.WriteAllText(full, JsonSerializer.Serialize(stamped, JsonOptions) + "\n");
        return stamped with { BaseDirectory = Path.GetDirectoryName(full)!, SourcePath = full };
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string HashFile(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}
