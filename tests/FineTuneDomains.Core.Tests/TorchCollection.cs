namespace FineTuneDomains.Core.Tests;

/// <summary>Tests that train models share one collection so they never run at the same time (2 cores).</summary>
[CollectionDefinition("torch", DisableParallelization = true)]
public sealed class TorchCollection;
