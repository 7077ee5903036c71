namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>The run's length, which step-based schedules need: optimiser steps per epoch and the number of epochs.</summary>
/// <param name="StepsPerEpoch">Optimiser steps per epoch (after gradient accumulation).</param>
/// <param name="Epochs">Epochs in the run.</param>
public sealed record ScheduleContext(long StepsPerEpoch, int Epochs)
{
    /// <summary>Optimiser steps in the whole run.</summary>
    public long TotalSteps => StepsPerEpoch * Epochs;

    /// <summary>The run's length counted in <paramref name="interval"/> units.</summary>
    public long Total(ScheduleInterval interval) => interval == ScheduleInterval.Step ? TotalSteps : Epochs;
}
