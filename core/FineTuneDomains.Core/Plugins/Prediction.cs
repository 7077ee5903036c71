namespace FineTuneDomains.Core.Plugins;

/// <summary>One predicted item, written to a run's predictions file.</summary>
/// <param name="Index">Index of the item within its split.</param>
/// <param name="Reference">The true label(s) or text, as text.</param>
/// <param name="Predicted">The prediction, as text.</param>
/// <param name="Scores">Per-class scores, if the task has them.</param>
public sealed record Prediction(int Index, string Reference, string Predicted, IReadOnlyList<double>? Scores = null);
