using FineTuneDomains.Core.Training.Schedules;

namespace FineTuneDomains.Core.Tests;

/// <summary>
/// A resumed run (schedule rebuilt from its settings and saved state at step k) must use exactly the learning
/// rates the uninterrupted run used (Transformers #34053, Lightning #5455).
/// </summary>
public class ScheduleResumeTests
{
    private static readonly ScheduleContext Run = new(StepsPerEpoch: 7, Epochs: 6);
    private static readonly double[] Bases = [3e-4, 1e-3, 1e-2];

    public static TheoryData<string, Dictionary<string, object?>> Schedules() => new()
    {
        { "constant", new() { ["warmup"] = 5 } },
        { "step", new() { ["step_size"] = 2, ["gamma"] = 0.3 } },
        { "multistep", new() { ["milestones"] = "1,3,4" } },
        { "exponential", new() { ["gamma"] = 0.7, ["interval"] = "step" } },
        { "cosine", new() { ["warmup_ratio"] = 0.1, ["min_factor"] = 0.05 } },
        { "cosine_restarts", new() { ["t_0"] = 5, ["t_mult"] = 2, ["min_lr"] = 1e-6 } },
        { "one_cycle", new() { ["pct_start"] = 0.2 } },
        { "linear", new() { ["warmup"] = 6 } },
        { "polynomial", new() { ["warmup"] = 6, ["power"] = 3, ["end_lr"] = 1e-7 } },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Resume_AtAnyStep_SameRatesAsUninterrupted(string name, Dictionary<string, object?> settings)
    {
        var total = Run.TotalSteps;
        var uninterrupted = ScheduleFactory.Create(name, settings, Run);
        var expected = Enumerable.Range(0, (int)total).Select(k => uninterrupted.GetLearningRates(k, Bases)).ToArray();
        var distinct = expected.Select(r => r[0]).Distinct().Count();
        Assert.True(distinct >= 3, $"{name}: the test schedule should change the rate (got {distinct} values)");

        foreach (var k in new[] { 1, 6, 7, 20, 29, 41 })
        {
            var state = uninterrupted.SaveStateJson();
            var resumed = ScheduleFactory.Create(name, settings, Run);
            resumed.LoadStateJson(state);
            for (var step = k; step < total; step++)
            {
                Assert.Equal(expected[step], resumed.GetLearningRates(step, Bases));
            }
        }
    }
}
