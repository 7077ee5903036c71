namespace FineTuneDomains.Core.Data;

/// <summary>A problem with one file of a manifest.</summary>
public sealed record FileProblem(string Path, string Problem);
