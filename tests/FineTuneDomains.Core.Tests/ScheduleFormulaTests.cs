using FineTuneDomains.Core.Training.Schedules;
using static FineTuneDomains.Core.Tests.MetricsReferenceData;

namespace FineTuneDomains.Core.Tests;

/// <summary>Schedule values at chosen steps against hand arithmetic.</summary>
public class ScheduleFormulaTests
{
    [Fact]
    public void Cosine_WithWarmup_HandValues()
    {
        // base 0.1, total 10, warm-up 2 from 0: t0 0, t1 0.05; then progress p = (t-2)/8, lr = 0.1*(1+cos(pi p))/2
        var s = new CosineSchedule(total: 10, warmup: 2);
        Near(0.0, s.GetLearningRate(0, 0.1));
        Near(0.05, s.GetLearningRate(1, 0.1));
        Near(0.1, s.GetLearningRate(2, 0.1));                                   // p = 0
        Near(0.1 * (1 + Math.Sqrt(0.5)) / 2, s.GetLearningRate(4, 0.1), 1e-15); // p = 1/4: cos = sqrt(1/2)
        Near(0.05, s.GetLearningRate(6, 0.1), 1e-15);                            // p = 1/2
        Near(0.0, s.GetLearningRate(10, 0.1), 1e-15);                            // p = 1
        Near(0.0, s.GetLearningRate(50, 0.1), 1e-15);                            // past the end: stays at the floor
    }

    [Fact]
    public void Cosine_RelativeFloor_KeepsGroupRatios()
    {
        // floor 10% of each base: at the end 0.01 and 0.001; at p = 1/2 halfway: floor + (base-floor)/2
        var s = new CosineSchedule(total: 4, floor: LearningRateFloor.FractionOfBase(0.1));
        Assert.Equal([0.01, 0.001], s.GetLearningRates(4, [0.1, 0.01]).Select(v => Math.Round(v, 15)));
        Near(0.055, s.GetLearningRate(2, 0.1), 1e-15);
    }

    [Fact]
    public void AbsoluteFloorAboveBase_GroupKeepsItsBaseRate()
    {
        // min_lr 1e-3 against a group whose (layer-wise decayed) base is 1e-4: never raised, stays 1e-4
        var cosine = new CosineSchedule(total: 4, floor: LearningRateFloor.Of(1e-3));
        Assert.Equal(1e-4, cosine.GetLearningRate(1, 1e-4));
        Assert.Equal(1e-4, cosine.GetLearningRate(4, 1e-4));
        var poly = new PolynomialDecaySchedule(total: 4, end: LearningRateFloor.Of(1e-7));
        Assert.Equal(1e-8, poly.GetLearningRate(2, 1e-8));
        // the other group still decays to the floor
        Near(1e-3, cosine.GetLearningRate(4, 0.1), 1e-15);
    }

    [Fact]
    public void Polynomial_PowerTwoWithEnd_HandValue()
    {
        // base 1, end 0.1, power 2, total 10: t5 -> (1 - 0.1) * (1 - 5/10)^2 + 0.1 = 0.325
        var s = new PolynomialDecaySchedule(total: 10, power: 2, end: LearningRateFloor.Of(0.1));
        Near(0.325, s.GetLearningRate(5, 1.0), 1e-15);
        Near(0.1, s.GetLearningRate(10, 1.0));
        Near(0.1, s.GetLearningRate(99, 1.0));
        Assert.Equal("polynomial", s.Name);
    }

    [Fact]
    public void Linear_WarmupThenDecay_HandValues()
    {
        // warm-up 4 (from 0): t2 -> 2/4; decay over 12 - 4 = 8: t8 -> (12-8)/8 = 1/2
        var s = new PolynomialDecaySchedule(total: 12, warmup: 4);
        Near(0.5 * 0.2, s.GetLearningRate(2, 0.2));
        Near(0.2, s.GetLearningRate(4, 0.2));
        Near(0.5 * 0.2, s.GetLearningRate(8, 0.2));
        Assert.Equal("linear", s.Name);
    }

    [Fact]
    public void OneCycle_HandValues()
    {
        // total 10, pct 0.3: phase 1 ends at 0.3*10 - 1 = 2; peak 1, initial 1/25 = 0.04, final 0.04/1e4
        // t1: pct 1/2, cos: 1 + (0.04 - 1)/2 * (cos(pi/2) + 1) = 1 - 0.48 = 0.52
        var s = new OneCycleSchedule(total: 10);
        Near(0.04, s.GetLearningRate(0, 1.0));
        Near(0.52, s.GetLearningRate(1, 1.0), 1e-15);
        Near(1.0, s.GetLearningRate(2, 1.0));
        Near(4e-6, s.GetLearningRate(9, 1.0), 1e-18);
        Near(4e-6, s.GetLearningRate(12, 1.0), 1e-18); // past the end: stays at the minimum
        // the per-group peak scales every value: base 0.5 halves them
        Near(0.26, s.GetLearningRate(1, 0.5), 1e-15);
    }

    [Fact]
    public void CosineRestarts_TMultTwo_CycleBoundaries()
    {
        // T0 = 2, Tmult = 2: cycles [0,2) [2,6) [6,14); restarts at 2, 6, 14
        var s = new CosineRestartsSchedule(t0: 2, tMult: 2);
        Assert.Equal((0L, 2L), s.CyclePosition(0));
        Assert.Equal((1L, 2L), s.CyclePosition(1));
        Assert.Equal((0L, 4L), s.CyclePosition(2));
        Assert.Equal((3L, 4L), s.CyclePosition(5));
        Assert.Equal((0L, 8L), s.CyclePosition(6));
        Assert.Equal((0L, 16L), s.CyclePosition(14));
        // t 4: position 2 of 4 -> (1 + cos(pi/2)) / 2 = 1/2
        Near(0.05, s.GetLearningRate(4, 0.1), 1e-15);
        Near(0.1, s.GetLearningRate(6, 0.1));
    }

    [Fact]
    public void StepMultiStepExponential_EpochInterval_ConstantWithinEpoch()
    {
        // 5 steps per epoch; decays count epochs: step 14 is epoch 2
        var step = new StepDecaySchedule(stepSize: 2, gamma: 0.5, stepsPerEpoch: 5);
        Near(0.1, step.GetLearningRate(9, 0.1));     // epoch 1
        Near(0.05, step.GetLearningRate(10, 0.1));   // epoch 2 -> 0.5^1
        Near(0.05, step.GetLearningRate(14, 0.1));
        var multi = new MultiStepSchedule([1, 3], gamma: 0.1, stepsPerEpoch: 5);
        Near(1.0, multi.GetLearningRate(4, 1));      // epoch 0: before milestone 1
        Near(0.1, multi.GetLearningRate(14, 1));     // epoch 2: one milestone passed
        Near(0.01, multi.GetLearningRate(15, 1), 1e-17);
        var exp = new ExponentialSchedule(0.5, ScheduleInterval.Step);
        Near(0.125, exp.GetLearningRate(3, 1));
    }

    [Fact]
    public void Constant_Warmup_RisesFromStartFactor()
    {
        // start 0.5, warm-up 4: t1 -> 0.5 + 0.5 * 1/4 = 0.625
        var s = new ConstantSchedule(warmup: 4, warmupStartFactor: 0.5);
        Near(0.625, s.GetLearningRate(1, 1));
        Near(1.0, s.GetLearningRate(4, 1));
        Near(1.0, s.GetLearningRate(400, 1));
    }

    [Fact]
    public void GetLearningRate_NegativeStep_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule().GetLearningRate(-1, 0.1));
    }
}
