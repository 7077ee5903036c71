using FineTuneDomains.Core.Config;

namespace FineTuneDomains.Core.Plugins;

/// <summary>What a dataset needs beyond its manifest: validated options and whether it is for training.</summary>
/// <param name="Options">The experiment's <c>data.options</c>, validated against the plugin's schema.</param>
/// <param name="Training">True for the training split (augmentations apply there only).</param>
/// <param name="Task">The experiment's task (type and options).</param>
public sealed record DataContext(Settings Options, bool Training, TaskSpec Task);
