using FineTuneDomains.Core.Training.Schedules;
using static FineTuneDomains.Core.Tests.MetricsReferenceData;

namespace FineTuneDomains.Core.Tests;

public class ScheduleRangeTestTests
{
    // Synthetic range-test curve over x = log10(lr) in [-6, 0], 121 points 0.05 apart:
    // a logistic fall of 1.5 centred at x = -3.025 (so the steepest grid segment is [-3.05, -3.0]),
    // plus a quadratic blow-up 10·(x + 1.5)² beyond x = -1.5.
    private const double Centre = -3.025;

    private static double Loss(double lr)
    {
        var x = Math.Log10(lr);
        var fall = 1.5 / (1 + Math.Exp(-3 * (x - Centre)));
        var blowUp = x > -1.5 ? 10 * (x + 1.5) * (x + 1.5) : 0;
        return 2 - fall + blowUp;
    }

    [Fact]
    public void Smooth_HandValues_BiasCorrected()
    {
        // beta 0.5: a0 = 0.5 -> 0.5/0.5 = 1; a1 = 0.25 + 1 = 1.25 -> /0.75 = 5/3; a2 = 0.625 + 1.5 = 2.125 -> /0.875 = 17/7
        var s = LearningRateRangeTest.Smooth([1, 2, 3], beta: 0.5);
        Near(1, s[0]);
        Near(5.0 / 3, s[1]);
        Near(17.0 / 7, s[2], 1e-15);
    }

    [Fact]
    public void Smooth_ConstantLoss_StaysConstant()
    {
        // with bias correction the EMA of a constant is that constant from the first point on
        Assert.All(LearningRateRangeTest.Smooth(Enumerable.Repeat(2.5, 20).ToArray()), v => Near(2.5, v, 1e-12));
    }

    [Fact]
    public void ExponentialSweep_EndsIncludedRatioConstant()
    {
        var lrs = LearningRateRangeTest.ExponentialSweep(1e-6, 1, 121);
        Near(1e-6, lrs[0], 1e-20);
        Near(1, lrs[^1], 1e-12);
        Near(Math.Pow(10, 0.05), lrs[61] / lrs[60], 1e-12);
    }

    [Fact]
    public void Suggest_CleanCurve_SteepestAtCentreMinimumAtKink()
    {
        var lrs = LearningRateRangeTest.ExponentialSweep(1e-6, 1, 121);
        var losses = lrs.Select(Loss).ToArray();
        var s = LearningRateRangeTest.Suggest(lrs, losses, beta: 0);
        Near(-3.05, Math.Log10(s.Steepest), 1e-9);          // left end of the steepest segment
        Near(-1.5, Math.Log10(s.MinimumLoss), 1e-9);        // the fall has flattened, the blow-up starts
        Near(-2.5, Math.Log10(s.MinimumOverTen), 1e-9);
        // divergence: 10(x+1.5)² + ~0.5 > 4 × ~0.5 first at x = -1.1 (index 98)
        Assert.Equal(98, s.DivergedAt);
        Assert.Equal(9, s.FirstUsed);  // 10% of 98 points skipped
        Assert.Equal(92, s.LastUsed);  // and the last 5 before divergence
    }

    [Fact]
    public void Suggest_NoisyCurveSmoothed_StaysNearTrueValues()
    {
        var random = new Random(7);
        var lrs = LearningRateRangeTest.ExponentialSweep(1e-6, 1, 121);
        var losses = lrs.Select(lr => Loss(lr) + ((random.NextDouble() - 0.5) * 0.04)).ToArray();
        var s = LearningRateRangeTest.Suggest(lrs, losses, beta: 0.6);
        Assert.InRange(Math.Log10(s.Steepest), Centre - 0.3, Centre + 0.3);
        Assert.InRange(Math.Log10(s.MinimumOverTen), -2.5 - 0.3, -2.5 + 0.3);
        Assert.NotNull(s.DivergedAt);
    }

    [Fact]
    public void HasDiverged_NaNOrFourTimesBest_True()
    {
        Assert.True(LearningRateRangeTest.HasDiverged(double.NaN, 1));
        Assert.True(LearningRateRangeTest.HasDiverged(4.01, 1));
        Assert.False(LearningRateRangeTest.HasDiverged(3.99, 1));
    }

    [Fact]
    public void Suggest_TooFewPoints_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => LearningRateRangeTest.Suggest([1e-5, 1e-4, 1e-3], [1, 0.9, 0.8]));
        Assert.Contains("sweep more steps", e.Message);
    }
}
