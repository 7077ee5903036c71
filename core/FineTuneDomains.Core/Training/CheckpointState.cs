using System.Text.Json.Serialization;

namespace FineTuneDomains.Core.Training;

/// <summary>Everything besides tensors that a checkpoint holds to resume a run exactly.</summary>
public sealed record CheckpointState
{
    /// <summary>Format tag.</summary>
    [JsonPropertyName("format")] public string Format { get; init; } = "ftd-checkpoint/1";
    /// <summary>Epochs fully completed (the next epoch to run, 0-based).</summary>
    [JsonPropertyName("epoch")] public int Epoch { get; init; }
    /// <summary>Batches of <see cref="Epoch"/> already consumed (0 at an epoch boundary).</summary>
    [JsonPropertyName("batch_in_epoch")] public int BatchInEpoch { get; init; }
    /// <summary>Optimiser steps taken.</summary>
    [JsonPropertyName("global_step")] public long GlobalStep { get; init; }
    [JsonPropertyName("schedule")] public string Schedule { get; init; } = "";
    [JsonPropertyName("schedule_state")] public Dictionary<string, double> ScheduleState { get; init; } = [];
    [JsonPropertyName("groups")] public Dictionary<string, GroupState> Groups { get; init; } = [];
    [JsonPropertyName("monitor")] public string Monitor { get; init; } = "";
    [JsonPropertyName("best_value")] public double? BestValue { get; init; }
    [JsonPropertyName("best_epoch")] public int? BestEpoch { get; init; }
    [JsonPropertyName("epochs_without_improvement")] public int EpochsWithoutImprovement { get; init; }
    [JsonPropertyName("stopped_early")] public bool StoppedEarly { get; init; }
    /// <summary>Seed the run derives every random stream from (item order, augmentation, dropout per step).</summary>
    [JsonPropertyName("seed")] public int Seed { get; init; }
    [JsonPropertyName("classes")] public List<string> Classes { get; init; } = [];
    [JsonPropertyName("plugin")] public string Plugin { get; init; } = "";
    [JsonPropertyName("task")] public string Task { get; init; } = "";
    [JsonPropertyName("backbone")] public string Backbone { get; init; } = "";
    /// <summary>What the head stored (alphabet, thresholds, normalisation…).</summary>
    [JsonPropertyName("head_metadata")] public Dictionary<string, string> HeadMetadata { get; init; } = [];
    /// <summary>Validation metrics when the checkpoint was written.</summary>
    [JsonPropertyName("metrics")] public Dictionary<string, double> Metrics { get; init; } = [];
    /// <summary>SHA-256 of the experiment lock the run was started from.</summary>
    [JsonPropertyName("experiment_sha256")] public string ExperimentSha256 { get; init; } = "";
    [JsonPropertyName("has_optimizer")] public bool HasOptimizer { get; init; }
    [JsonPropertyName("has_ema")] public bool HasEma { get; init; }
}
