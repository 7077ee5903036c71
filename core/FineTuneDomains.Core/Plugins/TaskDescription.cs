using FineTuneDomains.Core.Config;

namespace FineTuneDomains.Core.Plugins;

/// <summary>A task type a plugin implements (e.g. <c>classification</c>, <c>multilabel</c>, <c>ctc</c>).</summary>
public sealed record TaskDescription(string Type, string Summary, IReadOnlyList<OptionSpec> Options)
{
    /// <summary>The metric monitored for early stopping and the best checkpoint unless the experiment says otherwise.</summary>
    public string DefaultMonitor { get; init; } = "loss";
}
