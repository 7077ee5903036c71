namespace FineTuneDomains.Core.Evaluation;

/// <summary>Whether a monitored metric improves by going down (a loss, an error rate) or up (accuracy, F1).</summary>
public enum MetricMode
{
    /// <summary>Lower is better: losses, CER, WER, calibration error.</summary>
    Min,

    /// <summary>Higher is better: accuracy, F1, AP, AUROC.</summary>
    Max,
}
