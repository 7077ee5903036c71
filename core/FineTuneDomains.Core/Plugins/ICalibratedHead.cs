namespace FineTuneDomains.Core.Plugins;

/// <summary>
/// Optional for task heads: decision settings tuned on the validation split once training ends (e.g.
/// per-class thresholds chosen for maximum F1). The core calls <see cref="Calibrate"/> with the evaluator
/// that has just scored the best model on the validation split, then stores the head's
/// <see cref="ITaskHead.Metadata"/> in the best checkpoint, so evaluation, prediction and plugin verbs
/// (detection…) use the tuned settings. Added in contract 1.1.
/// </summary>
public interface ICalibratedHead : ITaskHead
{
    /// <summary>Tunes the head's decision settings from validation outputs; updates <see cref="ITaskHead.Metadata"/>.</summary>
    void Calibrate(IEvaluator validation);
}
