namespace FineTuneDomains.Core.Models;

/// <summary>A protobuf message that cannot be decoded, with the byte offset where decoding failed.</summary>
internal sealed class ProtoFormatException(string problem, long offset) : Exception(problem)
{
    internal long Offset { get; } = offset;
}
