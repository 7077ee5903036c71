using FineTuneDomains.Core.Config;

namespace FineTuneDomains.Core.Plugins;

/// <summary>The experiment's task: its type (one of the plugin's) and validated options.</summary>
public sealed record TaskSpec(string Type, Settings Options);
