namespace FineTuneDomains.Core.Models;

/// <summary>A pretrained tensor whose shape differs from the model's tensor of the same name.</summary>
/// <param name="Key">State-dict key.</param>
/// <param name="ModelShape">Shape in the model.</param>
/// <param name="FileShape">Shape in the pretrained source.</param>
public sealed record ShapeMismatch(string Key, IReadOnlyList<long> ModelShape, IReadOnlyList<long> FileShape)
{
    public override string ToString() => $"{Key}: model [{string.Join(", ", ModelShape)}], file [{string.Join(", ", FileShape)}]";
}
