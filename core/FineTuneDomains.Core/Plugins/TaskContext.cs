namespace FineTuneDomains.Core.Plugins;

/// <summary>What a head or evaluator is built from.</summary>
/// <param name="Task">The task type and options.</param>
/// <param name="Classes">The label vocabulary of the training data (empty for tasks without classes).</param>
/// <param name="Backbone">The backbone the head sits on.</param>
/// <param name="HeadDropout">Dropout before the head's last layer.</param>
/// <param name="Metadata">Facts stored with a checkpoint by a previous head (alphabet, thresholds), when
/// restoring a trained model; empty for a new model.</param>
public sealed record TaskContext(
    TaskSpec Task,
    IReadOnlyList<string> Classes,
    BackboneInfo Backbone,
    double HeadDropout,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Label smoothing the experiment asks for (classification losses apply it).</summary>
    public double LabelSmoothing { get; init; }
}
