namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Precision, recall and F1 of one class. Following scikit-learn's <c>zero_division=0</c>, a ratio with a zero
/// denominator is 0 (precision of a never-predicted class, recall of a class with no examples); a class that is
/// neither present nor predicted has <see cref="IsPresent"/> false and is left out of macro averages.
/// </summary>
/// <param name="Class">Class index.</param>
/// <param name="TruePositives">Examples of the class predicted as the class.</param>
/// <param name="Support">Examples whose true label is the class.</param>
/// <param name="Predicted">Examples predicted as the class.</param>
public sealed record ClassReport(int Class, long TruePositives, long Support, long Predicted)
{
    /// <summary>TP / predicted (0 if never predicted).</summary>
    public double Precision => Predicted == 0 ? 0 : (double)TruePositives / Predicted;

    /// <summary>TP / support (0 if the class has no examples).</summary>
    public double Recall => Support == 0 ? 0 : (double)TruePositives / Support;

    /// <summary>2TP / (support + predicted), the harmonic mean of precision and recall (0 when both are 0).</summary>
    public double F1 => Support + Predicted == 0 ? 0 : 2.0 * TruePositives / (Support + Predicted);

    /// <summary>Whether the class occurs in the labels or the predictions (scikit-learn's default label set).</summary>
    public bool IsPresent => Support > 0 || Predicted > 0;
}
