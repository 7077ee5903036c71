namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// The names metrics are recorded under in a <see cref="MetricSet"/>, <c>metrics.jsonl</c> and experiment files
/// (<c>early_stopping.metric: macro_f1</c>). Plugins use these for shared metrics so that early stopping and
/// best-checkpoint selection know their direction (<see cref="MetricDirection"/>).
/// </summary>
public static class MetricNames
{
    public const string Loss = "loss";
    public const string Accuracy = "accuracy";
    public const string BalancedAccuracy = "balanced_accuracy";
    public const string MacroF1 = "macro_f1";
    public const string MicroF1 = "micro_f1";
    public const string MacroPrecision = "macro_precision";
    public const string MacroRecall = "macro_recall";
    public const string MeanAveragePrecision = "map";
    public const string Auroc = "auroc";
    public const string MacroAuroc = "macro_auroc";
    public const string ExpectedCalibrationError = "ece";
    public const string Sensitivity = "sensitivity";
    public const string Specificity = "specificity";
    public const string CharacterErrorRate = "cer";
    public const string WordErrorRate = "wer";

    /// <summary>Name of top-k accuracy for a given k: <c>top5_accuracy</c>.</summary>
    public static string TopKAccuracy(int k) => $"top{k}_accuracy";
}
