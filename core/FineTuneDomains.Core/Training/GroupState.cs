namespace FineTuneDomains.Core.Training;

/// <summary>A layer group's state as saved in checkpoints.</summary>
/// <param name="Frozen">Whether the group is frozen.</param>
/// <param name="BatchNorm">Its batch-norm policy (train, freeze_stats, freeze).</param>
/// <param name="BaseLearningRate">Its learning rate before the schedule's factor.</param>
public sealed record GroupState(bool Frozen, string BatchNorm, double BaseLearningRate);
