using FineTuneDomains.Core.Evaluation;
using FineTuneDomains.Core.Training.Schedules;
using static FineTuneDomains.Core.Tests.MetricsReferenceData;

namespace FineTuneDomains.Core.Tests;

public class SchedulePlateauTests
{
    [Fact]
    public void Report_PatienceExceeded_ReducesOnce()
    {
        // patience 1: the second report in a row without improvement (bad = 2 > 1) reduces
        var s = new ReduceOnPlateauSchedule(MetricMode.Min, factor: 0.5, patience: 1, threshold: 0);
        Assert.False(s.Report(1.0)); // best 1.0
        Assert.False(s.Report(1.0)); // bad 1
        Assert.True(s.Report(1.1));  // bad 2 > 1 -> scale 0.5, bad reset
        Near(0.05, s.GetLearningRate(0, 0.1));
        Assert.False(s.Report(0.9)); // improvement
        Assert.Equal(0.9, s.Best);
    }

    [Fact]
    public void Report_RelativeThreshold_SmallGainIsNotImprovement()
    {
        // rel 0.1, min: improvement needs value < best * 0.9; 0.95 after 1.0 is bad
        var s = new ReduceOnPlateauSchedule(MetricMode.Min, threshold: 0.1, patience: 5);
        s.Report(1.0);
        s.Report(0.95);
        Assert.Equal(1.0, s.Best);
        Assert.Equal(1, s.BadReports);
        s.Report(0.89);
        Assert.Equal(0.89, s.Best);
    }

    [Fact]
    public void Cooldown_BadReportsIgnoredAfterReduction()
    {
        // patience 0: each bad report reduces, but cooldown 2 ignores the next two reports
        var s = new ReduceOnPlateauSchedule(MetricMode.Max, factor: 0.5, patience: 0, threshold: 0, cooldown: 2);
        s.Report(0.5);               // best
        Assert.True(s.Report(0.4));  // reduce, cooldown 2
        Assert.False(s.Report(0.4)); // cooldown 1
        Assert.False(s.Report(0.4)); // cooldown 0
        Assert.True(s.Report(0.4));  // reduce again
        Assert.Equal(0.25, s.Scale);
    }

    [Fact]
    public void MinLearningRate_ClampsButNeverRaises()
    {
        var s = new ReduceOnPlateauSchedule(factor: 0.1, patience: 0, minLearningRate: 0.005);
        s.Report(1);
        s.Report(2); // scale 0.1
        Near(0.01, s.GetLearningRate(0, 0.1));   // 0.1 * 0.1 above the floor
        Near(0.005, s.GetLearningRate(0, 0.01)); // 0.001 clamped up to 0.005
        Near(0.001, s.GetLearningRate(0, 0.001)); // base already below the floor: left alone (PyTorch)
    }

    [Fact]
    public void GroupJoiningLater_GetsCurrentScaleAtOnce()
    {
        // two reductions (scale 0.25) happen while the backbone is frozen; it then joins with base 0.02
        var s = new ReduceOnPlateauSchedule(factor: 0.5, patience: 0, threshold: 0);
        s.Report(1);
        s.Report(1);
        s.Report(1);
        Assert.Equal(0.25, s.Scale);
        Assert.Equal([0.025, 0.005], s.GetLearningRates(100, [0.1, 0.02]));
    }

    [Fact]
    public void State_JsonRoundTrip_ContinuesIdentically()
    {
        double[] metrics = [1.0, 0.9, 0.95, 0.97, 0.96, 0.99, 0.85, 0.86, 0.87, 0.88, 0.89];
        ReduceOnPlateauSchedule Make() => new(MetricMode.Min, factor: 0.5, patience: 1, cooldown: 1, minLearningRate: 1e-4);

        var uninterrupted = Make();
        var expected = metrics.Select(m => { uninterrupted.Report(m); return uninterrupted.GetLearningRate(0, 0.1); }).ToArray();

        for (var k = 0; k <= metrics.Length; k++)
        {
            var first = Make();
            foreach (var m in metrics.Take(k))
            {
                first.Report(m);
            }

            var resumed = Make();
            resumed.LoadStateJson(first.SaveStateJson());
            for (var i = k; i < metrics.Length; i++)
            {
                resumed.Report(metrics[i]);
                Assert.Equal(expected[i], resumed.GetLearningRate(0, 0.1)); // exactly, not approximately
            }
        }
    }

    [Fact]
    public void State_BeforeFirstReport_FiniteValuesOnly()
    {
        // best is still -infinity: left out so that a plain JSON writer (checkpoint metadata) can store the state
        var s = new ReduceOnPlateauSchedule(MetricMode.Max);
        var plain = System.Text.Json.JsonSerializer.Serialize(s.SaveState());
        Assert.DoesNotContain("best", plain);
        var t = new ReduceOnPlateauSchedule(MetricMode.Max);
        t.LoadState(System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(plain)!);
        Assert.Equal(double.NegativeInfinity, t.Best);
        t.Report(0.5);
        Assert.Equal(0.5, t.Best);
    }

    [Fact]
    public void LoadState_MissingOrBadKey_NamesIt()
    {
        var s = new ReduceOnPlateauSchedule();
        var state = new Dictionary<string, double>(s.SaveState());
        state.Remove("scale");
        Assert.Contains("'scale'", Assert.Throws<InvalidDataException>(() => s.LoadState(state)).Message);
        state["scale"] = 1;
        state["bad_reports"] = 1.5;
        Assert.Contains("'bad_reports'", Assert.Throws<InvalidDataException>(() => s.LoadState(state)).Message);
        Assert.Throws<InvalidDataException>(() => s.LoadStateJson("[1, 2]"));
    }

    [Fact]
    public void PureSchedule_LoadForeignState_Refused()
    {
        var cosine = new CosineSchedule(total: 10);
        Assert.Empty(cosine.SaveState());
        Assert.Throws<InvalidDataException>(() => cosine.LoadState(new Dictionary<string, double> { ["scale"] = 0.5 }));
    }
}
