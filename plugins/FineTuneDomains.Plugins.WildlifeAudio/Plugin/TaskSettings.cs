using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Plugins;

namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>The plugin's task types and their options.</summary>
internal static class TaskSettings
{
    public static IReadOnlyList<TaskDescription> Descriptions { get; } =
    [
        new(TaskKinds.Classification, "One species (or background) per clip: softmax, cross-entropy on class-probability targets.",
            [OptionSpec.Double("label_smoothing", 0.0, "Label smoothing of the cross-entropy targets.", 0, 0.5)])
        {
            DefaultMonitor = "macro_f1",
        },
        new(TaskKinds.MultiLabel, "Any number of species per window: sigmoid outputs, BCE (optionally with positive weights) or focal loss.",
            [
                OptionSpec.Enum("loss", "bce", "Loss of each label.", "bce", "focal"),
                OptionSpec.Doubles("pos_weight", null, "BCE weight of positives: one value for all classes or one per class; null = 1.", 0, 1000),
                OptionSpec.Double("focal_gamma", 2.0, "Focusing exponent of the focal loss.", 0, 10),
                OptionSpec.Double("focal_alpha", 0.25, "Weight of positives in the focal loss (negatives get 1 - alpha).", 0, 1),
                OptionSpec.Double("threshold", 0.5, "Score above which a label counts as predicted (F1, predictions).", 0, 1),
            ])
        {
            DefaultMonitor = "map",
        },
    ];
}
