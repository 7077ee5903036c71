using System.Text.RegularExpressions;

namespace FineTuneDomains.Core.Evaluation;

/// <summary>
/// Knows which metrics are higher-is-better, so early stopping and best-checkpoint selection can be given a
/// metric name without a mode, and compares values the same way everywhere.
/// </summary>
/// <remarks>
/// Names are matched case-insensitively after removing a split prefix (<c>val/</c>, <c>test/</c>, <c>val_</c>,
/// <c>train_</c>, <c>retain_</c>…); in a per-class name (<c>val/f1/heron</c>) the metric segment decides.
/// Unknown names are refused rather than guessed: the user then sets the mode.
/// </remarks>
public static partial class MetricDirection
{
    private static readonly string[] SplitPrefixes =
        ["validation_", "valid_", "val_", "train_", "test_", "retain_", "eval_"];

    private static readonly HashSet<string> HigherIsBetter = new(StringComparer.Ordinal)
    {
        MetricNames.Accuracy, MetricNames.BalancedAccuracy, MetricNames.MacroF1, MetricNames.MicroF1,
        MetricNames.MacroPrecision, MetricNames.MacroRecall, MetricNames.MeanAveragePrecision, MetricNames.Auroc,
        MetricNames.MacroAuroc, MetricNames.Sensitivity, MetricNames.Specificity,
        "f1", "precision", "recall", "ap", "mean_average_precision", "micro_auroc", "dice", "iou", "miou",
        "weighted_f1", "samples_f1",
    };

    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.Ordinal)
    {
        MetricNames.Loss, MetricNames.CharacterErrorRate, MetricNames.WordErrorRate,
        MetricNames.ExpectedCalibrationError, "error", "error_rate", "mae", "mse", "rmse", "perplexity",
        "forgetting",
    };

    /// <summary>The direction of a known metric, or false if the name is not known.</summary>
    public static bool TryGetMode(string metricName, out MetricMode mode)
    {
        ArgumentNullException.ThrowIfNull(metricName);
        // "val/macro_f1" -> macro_f1; per-class "val/f1/heron" -> heron is unknown, so f1 decides.
        var segments = metricName.Trim().ToLowerInvariant().Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            if (TryGetBaseMode(StripSplitPrefix(segments[i]), out mode))
            {
                return true;
            }
        }

        mode = default;
        return false;
    }

    /// <summary>The direction of a known metric; an unknown name is a settings mistake the user must resolve.</summary>
    /// <exception cref="UserErrorException">The metric's direction is not known.</exception>
    public static MetricMode GetMode(string metricName)
    {
        if (TryGetMode(metricName, out var mode))
        {
            return mode;
        }

        throw new UserErrorException(
            $"metric '{metricName}': cannot tell whether higher or lower is better; set its mode to 'min' or 'max'");
    }

    /// <summary>Parses <c>min</c>/<c>max</c> (any case); <c>auto</c> or null asks <see cref="GetMode"/>.</summary>
    /// <exception cref="UserErrorException">The text is not min, max or auto, or auto cannot decide.</exception>
    public static MetricMode ParseMode(string? text, string metricName) =>
        text?.Trim().ToLowerInvariant() switch
        {
            "min" => MetricMode.Min,
            "max" => MetricMode.Max,
            null or "" or "auto" => GetMode(metricName),
            _ => throw new UserErrorException($"mode '{text}' for metric '{metricName}': expected min, max or auto"),
        };

    /// <summary>The worst possible value in a mode: the starting "best" before any evaluation.</summary>
    public static double WorstValue(MetricMode mode) =>
        mode == MetricMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>
    /// True when <paramref name="candidate"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>
    /// (absolute). A NaN candidate never improves; any number improves on a NaN best.
    /// </summary>
    public static bool IsImprovement(MetricMode mode, double candidate, double best, double minDelta = 0)
    {
        if (double.IsNaN(candidate))
        {
            return false;
        }

        if (double.IsNaN(best))
        {
            return true;
        }

        return mode == MetricMode.Min ? candidate < best - minDelta : candidate > best + minDelta;
    }

    private static bool TryGetBaseMode(string name, out MetricMode mode)
    {
        if (HigherIsBetter.Contains(name) || TopK().IsMatch(name))
        {
            mode = MetricMode.Max;
            return true;
        }

        if (LowerIsBetter.Contains(name) || name.EndsWith("_loss", StringComparison.Ordinal))
        {
            mode = MetricMode.Min;
            return true;
        }

        mode = default;
        return false;
    }

    private static string StripSplitPrefix(string name)
    {
        foreach (var prefix in SplitPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }

    [GeneratedRegex("^top[0-9]+_accuracy$")]
    private static partial Regex TopK();
}
