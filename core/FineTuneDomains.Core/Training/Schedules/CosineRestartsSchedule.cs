namespace FineTuneDomains.Core.Training.Schedules;

/// <summary>
/// Cosine annealing with warm restarts (SGDR, Loshchilov and Hutter; PyTorch <c>CosineAnnealingWarmRestarts</c>):
/// the first cycle lasts T₀ units, each next one T_mult times longer; within a cycle the rate falls from the base
/// rate toward the floor and jumps back at the restart.
/// </summary>
public sealed class CosineRestartsSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule; <paramref name="t0"/> is in <paramref name="interval"/> units.</summary>
    public CosineRestartsSchedule(long t0, int tMult = 1, LearningRateFloor floor = default,
        ScheduleInterval interval = ScheduleInterval.Step, long stepsPerEpoch = 1)
        : base(interval, stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(t0, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tMult, 1);
        ScheduleChecks.Floor(floor, nameof(floor));
        T0 = t0;
        TMult = tMult;
        Floor = floor;
    }

    /// <inheritdoc />
    public override string Name => "cosine_restarts";

    /// <summary>Length of the first cycle.</summary>
    public long T0 { get; }

    /// <summary>Growth factor of cycle lengths.</summary>
    public int TMult { get; }

    /// <summary>The rate approached at the end of each cycle.</summary>
    public LearningRateFloor Floor { get; }

    /// <summary>Position inside the current cycle and the cycle's length at time t (integer arithmetic: no log rounding at restarts).</summary>
    public (long InCycle, long CycleLength) CyclePosition(long t)
    {
        if (TMult == 1)
        {
            return (t % T0, T0);
        }

        long length = T0, position = t;
        while (position >= length)
        {
            position -= length;
            length = checked(length * TMult);
        }

        return (position, length);
    }

    /// <inheritdoc />
    protected override double Compute(long t, double baseLearningRate)
    {
        var floor = ScheduleChecks.FloorFor(Floor, baseLearningRate);
        var (inCycle, length) = CyclePosition(t);
        return floor + ((baseLearningRate - floor) * (1 + Math.Cos(Math.PI * inCycle / length)) / 2);
    }
}
