namespace FineTuneDomains.Core.Tracking;

/// <summary>One line of <c>metrics.jsonl</c>.</summary>
public sealed record MetricsRecord(string Kind, int Epoch, long Step, IReadOnlyDictionary<string, double> Values);
