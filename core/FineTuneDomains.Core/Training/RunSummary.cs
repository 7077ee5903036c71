namespace FineTuneDomains.Core.Training;

/// <summary>What a finished run reports (also written to <c>summary.json</c>; <c>ftd reproduce</c> compares these).</summary>
public sealed record RunSummary(string RunFolder, string Monitor, double? BestValue, int? BestEpoch, bool StoppedEarly, IReadOnlyDictionary<string, double> Metrics);
