using System.Text.Json.Serialization;

namespace FineTuneDomains.Core.Data;

/// <summary>
/// One item of a dataset manifest. Several items may share a file (windows of one recording, slices of one
/// series); <see cref="Meta"/> says which part (e.g. <c>start</c>, <c>end</c>, <c>series</c>, <c>text</c>).
/// </summary>
public sealed record ManifestItem
{
    /// <summary>Path relative to the manifest's folder, with forward slashes.</summary>
    [JsonPropertyName("path")] public required string Path { get; init; }

    /// <summary>Labels (one for single-label tasks; none for a window without events).</summary>
    [JsonPropertyName("labels")] public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary><c>train</c>, <c>val</c> or <c>test</c> (other names are allowed, e.g. <c>retain</c>).</summary>
    [JsonPropertyName("split")] public required string Split { get; init; }

    /// <summary>SHA-256 of the file, lower-case hex.</summary>
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }

    /// <summary>Optional target file (e.g. a transcription or mask), relative like <see cref="Path"/>.</summary>
    [JsonPropertyName("target")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Target { get; init; }

    /// <summary>SHA-256 of <see cref="Target"/>.</summary>
    [JsonPropertyName("target_sha256")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TargetSha256 { get; init; }

    /// <summary>Domain metadata: duration, window start/end, series id, transcription…</summary>
    [JsonPropertyName("meta")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    /// <summary>A metadata value, or null.</summary>
    public string? GetMeta(string key) => Meta is not null && Meta.TryGetValue(key, out var v) ? v : null;
}
