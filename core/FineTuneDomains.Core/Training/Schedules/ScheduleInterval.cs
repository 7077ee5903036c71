namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// The unit a schedule counts in, like calling PyTorch's <c>scheduler.step()</c> after every optimiser step or
/// after every epoch. Durations in a schedule's settings (warm-up, step size, milestones, T₀) are in this unit.
/// </summary>
public enum ScheduleInterval
{
    /// <summary>The learning rate changes after every optimiser step.</summary>
    Step,

    /// <summary>The learning rate is constant within an epoch and changes between epochs.</summary>
    Epoch,
}
